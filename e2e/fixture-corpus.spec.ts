import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { runInTrustedPageFrames } from '../src/main/registration/chromium/frames';
import { pageScriptCall } from '../src/main/registration/page-code';
import { ProviderRegistry } from '../src/main/registration/providers';
import { entraAuthorizeUrl } from '../src/main/registration/providers/entra';
import { extractRequest } from '../src/main/registration/requests';
import { RegistrationService } from '../src/main/registration/service';
import { maskSecret } from '../src/main/secrets/mask';
import type { ExtractAnswer } from '../src/shared/page-protocol';
import type { RegistrationState } from '../src/shared/registration';
import { corpus } from '../test/fixtures/registration/corpus';
import { CALLBACK } from '../test/fixtures/registration/pages';
import { serveReplicas } from './harness/azure-replica';
import { PlaywrightRegistrationBrowser } from './harness/registration-browser';

/**
 * The fixture corpus in real Chromium, through the app's own page script: first the script alone (the exact values
 * it answers), then the app's registration flow (RegistrationService) in the built-in-browser stand-in, as the app
 * view reads the page. The same corpus runs through the built CLI in src/main/cli/commands/extract-corpus.test.ts.
 */

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const registry = new ProviderRegistry();

function field(state: RegistrationState, key: string) {
  return state.fields.find((f) => f.key === key);
}

for (const fixture of corpus) {
  test(`${fixture.id}: ${fixture.traits.join('; ')}`, async ({ page }) => {
    const provider = registry.get(fixture.provider)!;
    const replica = await serveReplicas(page, [{ url: fixture.url, html: fixture.html }]);
    try {
      // 1. The page script alone.
      await page.goto(fixture.url);
      const outcomes = await runInTrustedPageFrames(page, pageScriptCall(extractRequest(provider, fixture.waitMs)), provider.trustedOrigins);
      const answer = outcomes[0]?.value as ExtractAnswer;
      expect(answer.origin).toBe(new URL(fixture.url).origin);
      for (const key of ['appId', 'tenantId', 'clientSecret', 'authorizeUrl'] as const) {
        const want = fixture.expected[key];
        if (want === undefined) continue;
        const got = answer.values[key];
        if (want === null) {
          if (key === 'clientSecret' && fixture.maskedOnly) expect(got?.masked, 'only the masked form').toBe(true);
          else expect(got, `${key} must not be found`).toBeUndefined();
        } else expect(got, `${key}`).toMatchObject({ value: want, masked: false, tooLong: false });
      }
      for (const key of fixture.ambiguous ?? []) expect(answer.ambiguous).toContain(key);

      // 2. The app's flow in the built-in browser stand-in: the page is the flow's start page.
      await page.goto('about:blank');
      const service = new RegistrationService({
        providers: new ProviderRegistry([{ ...provider, startUrl: fixture.url }]),
        browser: new PlaywrightRegistrationBrowser(page),
        randomId: () => `corpus-${fixture.id}`,
        maskSecret,
        timing: { watchMs: 0, extractMs: fixture.waitMs, prefillMs: 0, pickMs: 1000 },
      });
      const { flowId } = await service.start({ profileId: 'prod', provider: fixture.provider, hostname: 'deepsource.contoso.example', org: 'Contoso' });
      await page.waitForLoadState('load');
      const state = await service.extract(flowId, fixture.waitMs);
      const { appId, tenantId, clientSecret, authorizeUrl } = fixture.expected;
      if (appId) expect(field(state, 'appId')).toMatchObject({ status: 'found', value: appId });
      else expect(field(state, 'appId')?.status).not.toBe('found');
      if (tenantId) expect(field(state, 'tenantId')).toMatchObject({ status: 'found', value: tenantId });
      if (clientSecret) expect(field(state, 'clientSecret')).toMatchObject({ status: 'found', masked: { sha256: sha256(clientSecret), length: clientSecret.length } });
      else if (fixture.maskedOnly) expect(state.checks.find((c) => c.id === 'client-secret-not-masked')).toMatchObject({ ok: false });
      else expect(field(state, 'clientSecret')?.status).not.toBe('found');
      if (fixture.provider === 'entra' && appId && tenantId) expect(field(state, 'authorizeUrl')?.value).toBe(entraAuthorizeUrl('login.microsoftonline.com', tenantId, appId, CALLBACK));
      if (fixture.ambiguous) expect(state.notice).toMatch(/more than one app/);
      // A page with all of one app's values completes the capture, and hands over exactly the page's values.
      if (fixture.provider === 'ado-oauth' && appId && clientSecret && authorizeUrl) {
        expect(state.checks.filter((c) => !c.ok)).toEqual([]);
        const capture = await service.consumeCapture(flowId, async (c) => c);
        expect(capture).toMatchObject({ appId, clientSecret, authorizeUrl });
      } else expect(state.complete).toBe(false);
      await service.end(flowId);
    } finally {
      await replica.close();
    }
  });
}
