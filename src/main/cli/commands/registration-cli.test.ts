import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adoAppView, adoAppViewTable, adoApp, adoRefused, adoRegister, CALLBACK, entraSecrets } from '../../../../test/fixtures/registration/pages';
import { builtCli, removeWrittenPages, runCli as run, writePages, type ExtractJson } from '../../../../test/fixtures/registration/cli';

/** The built CLI in plain Node: the page script must survive the production bundle, not only the test transform. */
const cli = builtCli;
const TABLE_APP = adoApp('5B0E1D2C-9F8A-4B7C-8D6E-0A1B2C3D4E5F', 42424242);
let fixtures: string;

beforeAll(() => {
  fixtures = writePages({
    'ado-app-view.html': adoAppView(),
    'ado-app-view-table.html': adoAppViewTable(TABLE_APP),
    'entra-secrets.html': entraSecrets(),
    'ado-register.html': adoRegister(),
    'ado-register-refused.html': adoRefused(),
  });
});
afterAll(removeWrittenPages);


describe('ads-setup extract / prefill (built CLI, real Chromium)', () => {
  it('is built', () => {
    expect(existsSync(cli), `${cli} is missing: run \`npm run build\` first`).toBe(true);
  });

  it('extract: all values found → exit 0, masked secret only, checks listed', async () => {
    const result = await run(['extract', '--html', path.join(fixtures, 'ado-app-view.html'), '--as-url', 'https://app.vsaex.visualstudio.com/app/view', '--callback', CALLBACK, '--json']);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as ExtractJson;
    expect(output).toMatchObject({ provider: 'ado-oauth', origin: 'https://app.vsaex.visualstudio.com', appId: '8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D', missing: [] });
    expect(output.clientSecret).toMatchObject({ length: 758, masked: expect.stringMatching(/^eyJ0…/) });
    expect(output.clientSecret).not.toHaveProperty('value');
    expect(output.checks.every((check) => check.ok)).toBe(true);
    expect(output.checks.map((c) => c.id)).toContain('authorize-url-redirect-uri');
    // The page script's own timing: the read's busy time and its longest single task (one of its slices).
    expect(output.timing).toEqual({ scanMs: expect.any(Number), longestTaskMs: expect.any(Number), evaluateMs: expect.any(Number) });
    expect(output.timing.longestTaskMs).toBeGreaterThan(0);
    expect(result.stderr).toBe('');
  });

  it('extract: every value found but a check fails → exit 2, and stderr names the check', async () => {
    const other = 'https://deepsource.other.example/accounts/ads/login/callback/bifrost';
    const result = await run(['extract', '--html', path.join(fixtures, 'ado-app-view.html'), '--as-url', 'https://app.vsaex.visualstudio.com/app/view', '--callback', other, '--json']);
    expect(result.code).toBe(2);
    const output = JSON.parse(result.stdout) as ExtractJson;
    expect(output.missing).toEqual([]);
    expect(output.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(['authorize-url-redirect-uri']);
    expect(result.stderr).toContain(`extract: check failed: authorize-url-redirect-uri: The app was registered with callback ${CALLBACK}; DeepSource expects ${other}.`);
  });

  it('extract --reveal prints the value, whose hash matches', async () => {
    const result = await run(['extract', '--html', path.join(fixtures, 'ado-app-view-table.html'), '--as-url', 'https://app.vssps.visualstudio.com/profile/view', '--reveal']);
    expect(result.code).toBe(0);
    const secret = (JSON.parse(result.stdout) as ExtractJson).clientSecret!;
    expect(secret.value).toBe(TABLE_APP.clientSecret);
    expect(secret.sha256).toBe(createHash('sha256').update(secret.value!).digest('hex'));
  });

  it('extract: values missing → exit 2 and the missing keys', async () => {
    const result = await run(['extract', '--html', path.join(fixtures, 'entra-secrets.html'), '--as-url', 'https://portal.azure.com/secrets', '--provider', 'entra', '--wait', '200']);
    expect(result.code).toBe(2);
    const output = JSON.parse(result.stdout) as ExtractJson;
    expect(output.missing.sort()).toEqual(['appId', 'authorizeUrl', 'tenantId']);
    expect(output.checks.find((c) => c.id === 'client-secret-not-masked')).toMatchObject({ ok: false });
    expect(result.stderr).toContain('extract: missing appId');
    expect(result.stderr).toContain('extract: check failed: client-secret-not-masked');
  });

  it('extract: an origin that is not trusted → exit 3, nothing read, even for a look-alike host', async () => {
    for (const asUrl of ['https://aex.dev.azure.com.attacker.example/app/view', 'http://aex.dev.azure.com/app/view']) {
      const result = await run(['extract', '--html', path.join(fixtures, 'ado-app-view.html'), '--as-url', asUrl, '--provider', 'ado-oauth']);
      expect(result.code).toBe(3);
      expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'UNTRUSTED_ORIGIN' } });
    }
    // --url takes the same rule before anything is loaded (and without --provider no provider trusts the origin).
    const live = await run(['extract', '--url', 'https://evil.example/app/view']);
    expect(live.code).toBe(3);
  });

  it('prefill: prints filled fields and exactly the ticked scope boxes; exit 0', async () => {
    const result = await run(['prefill', '--html', path.join(fixtures, 'ado-register.html'), '--as-url', 'https://aex.dev.azure.com/app/register', '--hostname', 'deepsource.contoso.example', '--org', 'Contoso', '--json']);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { filled: Record<string, string>; ticked: string[]; leftTicked: string[]; refused: boolean };
    expect(output.refused).toBe(false);
    expect(output.filled['Authorization callback URL']).toBe(CALLBACK);
    expect(output.filled['Application name']).toBe('DeepSource Contoso');
    // The three scopes are ticked by prefill; the newsletter box the page had ticked is the page's, never counted.
    expect(output.ticked).toEqual(['Code (read and write)', 'Code (status)', 'Project and team (read)']);
    expect(output.leftTicked).toEqual(['Send me product news']);
  });

  it('prefill: a refusing register page → exit 2 with the page’s sentence', async () => {
    const result = await run(['prefill', '--html', path.join(fixtures, 'ado-register-refused.html'), '--as-url', 'https://app.vsaex.visualstudio.com/app/register', '--hostname', 'h.example.com', '--org', 'O', '--wait', '300']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('The page takes no new apps: "Azure DevOps OAuth is deprecated and is no longer accepting new app registrations."');
  });
});
