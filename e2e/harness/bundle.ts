import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BundleChannels } from '../../src/main/bundle/bundle-channels';
import { BundleService } from '../../src/main/bundle/bundle-service';
import { readyVault } from '../../test/doubles/bundle-fixture';

/**
 * The real bundle service over a temp data folder and the in-memory keychain twin, with the native dialogs replaced
 * by answers the spec sets (the file the admin would pick, or null for Cancel).
 */
export async function bundleForE2e() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ads-setup-e2e-bundle-'));
  const { vault, secrets } = await readyVault({ dataDir: path.join(dir, 'data') });
  const hostKey = path.join(dir, 'host.key');
  execFileSync('age-keygen', ['-o', hostKey], { stdio: 'ignore' });
  const recipient = execFileSync('age-keygen', ['-y', hostKey], { encoding: 'utf8' }).trim();
  const dialog = { save: null as string | null, open: null as string | null };
  const channels = new BundleChannels(new BundleService({ vault, secrets }), {
    chooseSavePath: async () => dialog.save,
    chooseOpenPath: async () => dialog.open,
  });
  return { dir, recipient, hostKey, dialog, channels, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
