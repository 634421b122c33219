/**
 * A Microsoft Entra sign-in + Microsoft Graph double on 127.0.0.1, over HTTPS, for the demo and the tests:
 *
 *   const double = await startEntraGraphDouble({ certificate, tenants: [{ azureDevOps: 'absent' }] });
 *   double.loginUrl     // https://127.0.0.1:PORT — the identity platform (…/{tenant}/oauth2/v2.0/authorize, /token)
 *   double.graphUrl     // https://127.0.0.1:PORT — Graph v1.0
 *   double.tenant       // the first tenant (its users, apps, service principals, grants)
 *   double.graph.calls  // every Graph call and its status; double.graph.failNext({...}) breaks the next match
 *   double.signIn.tokenRequests
 *   await double.close()
 *
 * It follows Microsoft's documented behaviour (see directory.ts, sign-in-server.ts, graph-server.ts): single-use
 * authorization codes with PKCE (S256), form_post answers, consent, AADSTS errors in the token endpoint's JSON,
 * Graph's error body, secretText returned once, scope ids only in the tenant's service principals, and the delay
 * before a new client secret works.
 */
import { Directory, type Tenant, type TenantOptions } from './directory';
import { createGraphServer, type GraphServer } from './graph-server';
import { listenHttps, type Listening } from './http';
import { createSignInServer, type SignInServer } from './sign-in-server';
import { TokenMint } from './tokens';
import type { ExternalApp } from './client-credentials';

export { AZURE_DEVOPS_APP_ID, GRAPH_CLI_TOOLS_APP_ID, type Tenant, type TenantOptions } from './directory';
export type { ExternalApp } from './client-credentials';

export interface EntraGraphDoubleOptions {
  /** The TLS certificate both servers present (PEM). */
  certificate: { key: string; cert: string };
  tenants?: TenantOptions[];
  /** The Graph audience of the cloud it stands in for (default public: https://graph.microsoft.com). */
  graphAudience?: string;
  /** The double's clock: token lifetimes, code expiry and secret replication follow it. */
  now?: () => number;
  /** How long a new client secret is refused with AADSTS7000215 before it has replicated (default 0). */
  replicationMs?: number;
  externalApps?: () => readonly ExternalApp[];
}

export interface EntraGraphDouble {
  loginUrl: string;
  graphUrl: string;
  directory: Directory;
  tenant: Tenant;
  graph: Pick<GraphServer, 'calls' | 'failNext'>;
  signIn: Pick<SignInServer, 'tokenRequests'>;
  close: () => Promise<void>;
}

export async function startEntraGraphDouble(options: EntraGraphDoubleOptions): Promise<EntraGraphDouble> {
  const directory = new Directory({ ...(options.now ? { now: options.now } : {}), replicationMs: options.replicationMs ?? 0 });
  for (const tenant of options.tenants ?? [{}]) directory.addTenant(tenant);
  const mint = new TokenMint();
  const graphAudience = options.graphAudience ?? 'https://graph.microsoft.com';
  const signIn = createSignInServer({ directory, mint, graphAudience, ...(options.externalApps ? { externalApps: options.externalApps } : {}) });
  const graph = createGraphServer({ directory, mint, graphAudience });
  const login: Listening = await listenHttps(options.certificate, (request, response) => signIn.handle(request, response, login.origin));
  const graphServer: Listening = await listenHttps(options.certificate, (request, response) => graph.handle(request, response, graphServer.origin)).catch(async (error: unknown) => {
    await login.close();
    throw error;
  });
  return {
    loginUrl: login.origin,
    graphUrl: graphServer.origin,
    directory,
    tenant: directory.tenants[0]!,
    graph,
    signIn,
    close: async () => {
      await Promise.all([login.close(), graphServer.close()]);
    },
  };
}
