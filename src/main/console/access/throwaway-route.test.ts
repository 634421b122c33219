import { describe, expect, it, vi } from 'vitest';
import { recordingIo } from '../../../../test/doubles/cli-io';
import { CLIENT_SECRET, ready, usePushFixture } from '../../../../test/kots/push-fixture';
import { runCli } from '../../cli/run';
import { createPushCommand } from '../../cli/commands/push';
import { accessOptions, accessSynopsis, accessUsage } from '../../cli/commands/push-access';
import type { ConsoleRoute } from './route';

/**
 * A new console route is a `ConsoleRoute` and its line in routes.ts: here a throwaway "tunnel" route is added to the
 * list only (the module is replaced for this file), and the service, the window's route list, the CLI's flags and
 * plan → save → deploy → follow all take it without another change.
 */
vi.mock('./routes', async (importOriginal) => {
  const original = await importOriginal<typeof import('./routes')>();
  const { z } = await import('zod');
  const tunnel: ConsoleRoute = {
    id: 'tunnel',
    title: 'Through a tunnel',
    summary: 'A throwaway route for this test.',
    usesAddress: false,
    connecting: 'Opening the tunnel…',
    options: [
      { name: 'endpoint', kind: 'text', label: 'Tunnel endpoint', cli: { flag: 'tunnel-endpoint', metavar: 'URL', usage: 'Where the tunnel ends.' }, check: z.string().url() },
      { name: 'token', kind: 'secret', label: 'Tunnel token', cli: { flag: 'tunnel-token-stdin', usage: 'The token, from standard input.' }, env: 'TUNNEL_TOKEN' },
    ],
    identity: (values) => `tunnel ${String(values['endpoint'])}`,
    prepare: async (context) => ({
      binding: { origin: context.identity, via: 'tunnel' },
      connect: async () => {
        const token = await context.secret(tunnel.options[1]!, { origin: context.identity, via: 'tunnel' });
        const transport = context.transport({});
        const client = context.client(String(context.values['endpoint']), transport);
        client.useAuthorization(token);
        await client.ping();
        return { client, close: async () => transport.close(), contact: {} };
      },
    }),
  };
  const routes = [...original.consoleRoutes, tunnel];
  return { consoleRoutes: routes, consoleRoute: (id: string) => routes.find((r) => r.id === id) ?? original.consoleRoute(id) };
});

const fx = usePushFixture();

describe('a new console route, added to the list only', () => {
  it('is offered to the window and the command line, and plans, saves, deploys and follows like the others', async () => {
    const double = await fx.start({ deployDelayMs: 50 });
    const { vault } = await fx.makeVault();
    const service = fx.makeService(vault);
    expect(service.routes().routes.map((r) => r.id)).toEqual(['password', 'authstring', 'kubectl', 'tunnel']);
    expect(service.routes().routes.at(-1)?.fields.map((f) => [f.name, f.kind])).toEqual([['endpoint', 'text'], ['token', 'secret']]);
    expect(accessOptions()).toMatchObject({ 'tunnel-endpoint': { type: 'string' }, 'tunnel-token-stdin': { type: 'boolean' } });
    expect(accessUsage()).toContain('--tunnel-endpoint URL');
    expect(accessSynopsis(0)).toContain('[--via password|authstring|kubectl|tunnel]');

    const access = { via: 'tunnel', values: { endpoint: double.clusterUrl, token: double.authstring } };
    const plan = ready(await service.plan({ profileId: 'stark', access }));
    const report = await service.apply({ profileId: 'stark', planId: plan.planId, deploy: true });
    expect(report).toMatchObject({ outcome: 'done', savedSequence: 2, deploy: { status: 'deployed' } });
    expect(double.decryptedValues('deepsource', 2)).toMatchObject({ ads_client_secret: CLIENT_SECRET });
    expect((await vault.get('stark')).console.access).toEqual({ via: 'tunnel', settings: { endpoint: double.clusterUrl } });

    // The CLI, from the same declaration: the kept endpoint, the token from its variable.
    const { io, out } = recordingIo({ env: { TUNNEL_TOKEN: double.authstring } });
    const command = createPushCommand({ openVault: () => ({ vault }), serviceOptions: { pollIntervalMs: 40, backoffMs: 1 } });
    expect(await runCli(['push', '--profile', 'stark', '--check'], io, { version: '0', commands: [command] }), out.stderr).toBe(0);
    expect(out.stdout).toContain(`Connected to tunnel ${double.clusterUrl}, app deepsource`);
  });
});
