import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { OpenedApp } from './harness';

type ScannedBackend = Pick<OpenedApp['backend'], 'vault' | 'logLines' | 'dataDir'>;

/** The secrets appear nowhere but the keychain, the console (encrypted) and the age-encrypted bundle part. */
export async function leakScan(backend: ScannedBackend, page: Page, profileId: string, bundleFolder: string): Promise<string[]> {
  const clientSecret = await backend.vault.readSecret(profileId, 'client-secret');
  const webhookSecret = await backend.vault.readSecret(profileId, 'webhook-secret');
  const places: Record<string, string> = {
    'log lines': backend.logLines.join('\n'),
    'data folder': filesUnder(backend.dataDir).map((file) => readFileSync(file, 'latin1')).join('\n'),
    'renderer DOM': await page.content(),
    'web storage and IndexedDB': await page.evaluate(async () => {
      const databases = 'databases' in indexedDB ? await indexedDB.databases() : [];
      return JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, databases });
    }),
    'bundle plain-text files': filesUnder(bundleFolder)
      .filter((file) => !file.endsWith('.age'))
      .map((file) => readFileSync(file, 'latin1'))
      .join('\n'),
    clipboard: await page.evaluate(async () => navigator.clipboard.readText().catch(() => '')),
  };
  for (const [where, text] of Object.entries(places)) {
    for (const [what, secret] of [['client secret', clientSecret], ['webhook secret', webhookSecret]] as const) {
      expect(text.includes(secret), `${what} found in ${where}`).toBe(false);
      expect(text.includes(secret.slice(8, 32)), `part of the ${what} found in ${where}`).toBe(false);
    }
  }
  return Object.keys(places);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile());
}
