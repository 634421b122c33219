import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addReadyProfile, type ReadyOptions } from '../../test/doubles/bundle-fixture';
import type { HarnessBackend } from './harness';

/**
 * Gives the harness backend a profile ready to export (on its real keychain service) and a console host's age key.
 * The native dialogs answer what the spec puts in `backend.dialog` (a path, or null for Cancel).
 */
export async function bundleForE2e(backend: HarnessBackend, options: ReadyOptions = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ads-setup-e2e-bundle-'));
  await addReadyProfile(backend.vault, options);
  const hostKey = path.join(dir, 'host.key');
  execFileSync('age-keygen', ['-o', hostKey], { stdio: 'ignore' });
  const recipient = execFileSync('age-keygen', ['-y', hostKey], { encoding: 'utf8' }).trim();
  return { dir, recipient, hostKey, dialog: backend.dialog, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
