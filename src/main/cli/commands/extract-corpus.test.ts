import { createHash } from 'node:crypto';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusPagesDir, runCli, writePages, type ExtractJson } from '../../../../test/fixtures/registration/cli';
import { corpus } from '../../../../test/fixtures/registration/corpus';
import { CALLBACK } from '../../../../test/fixtures/registration/pages';
import { samplePages } from '../../../../test/fixtures/registration/sample-pages';
import { entraAuthorizeUrl } from '../../registration/providers/entra';

/**
 * Every page of the fixture corpus through `ads-setup extract` (the built CLI, real Chromium): the values each page
 * holds, nothing it must not give, the --json shape kept stable, and exit 0 only when everything was found and every
 * check passed (2 otherwise, naming what is missing or failed on stderr).
 */


// The pages stay in test-results/ after the run (the same files `npm run sample-pages` writes, with index.json).
let dir: string;
beforeAll(() => {
  dir = writePages(samplePages(), corpusPagesDir);
});

describe.concurrent('ads-setup extract on the fixture corpus', () => {
  for (const fixture of corpus) {
    it(`${fixture.id}`, { timeout: 90_000 }, async () => {
      const result = await runCli(['extract', '--html', path.join(dir, `${fixture.id}.html`), '--as-url', fixture.url, '--provider', fixture.provider, '--callback', CALLBACK, '--wait', String(fixture.waitMs), '--reveal', '--json']);
      const output = JSON.parse(result.stdout) as ExtractJson;
      expect(Object.keys(output)).toEqual(expect.arrayContaining(['provider', 'origin', 'appId', 'authorizeUrl', 'clientSecret', 'checks', 'missing']));
      const { appId, tenantId, clientSecret, authorizeUrl } = fixture.expected;
      expect(output.appId).toBe(appId);
      if (fixture.provider === 'entra') expect(output.tenantId).toBe(tenantId ?? null);
      if (clientSecret === null) {
        if (fixture.maskedOnly) expect(output.checks.find((c) => c.id === 'client-secret-not-masked')).toMatchObject({ ok: false });
        else expect(output.clientSecret).toBeNull();
      } else {
        expect(output.clientSecret).toMatchObject({ length: clientSecret.length, sha256: createHash('sha256').update(clientSecret).digest('hex'), value: clientSecret });
      }
      const expectedAuthorize = fixture.provider === 'entra' ? (appId && tenantId ? entraAuthorizeUrl('login.microsoftonline.com', tenantId, appId, CALLBACK) : null) : (authorizeUrl ?? null);
      expect(output.authorizeUrl).toBe(expectedAuthorize);
      for (const key of fixture.ambiguous ?? []) expect(output.ambiguous).toContain(key);
      if (fixture.provider === 'entra') {
        // What the page says of the app's settings, in Graph's terms; what it does not show is null, never guessed.
        const readBack = fixture.readBack ?? {};
        expect({ signInAudience: output.signInAudience, redirectUris: output.redirectUris, apiPermissions: output.apiPermissions, secretExpiresOn: output.secretExpiresOn }).toEqual({
          signInAudience: readBack.signInAudience ?? null,
          redirectUris: readBack.redirectUris ?? null,
          apiPermissions: readBack.apiPermissions ?? null,
          secretExpiresOn: readBack.secretExpiresOn ?? null,
        });
      }
      // A passed check is id, message and ok; one with a warning adds the warning and what to do about it.
      for (const check of output.checks) {
        const warned = (check as { warning?: boolean }).warning === true;
        expect(Object.keys(check).sort()).toEqual(check.ok ? (warned ? ['fix', 'id', 'message', 'ok', 'warning'] : ['id', 'message', 'ok']) : expect.arrayContaining(['id', 'message', 'ok']));
      }
      if (fixture.id === 'entra-api-permissions') expect(output.checks.find((c) => c.id === 'app-consent')).toMatchObject({ ok: true, warning: true });
      const complete = output.missing.length === 0 && output.checks.every((c) => c.ok);
      expect(result.code).toBe(complete ? 0 : 2);
      if (!complete) expect(result.stderr).toMatch(/^extract: (missing|check failed)/m);
    });
  }
});
