import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeThrowawayCertificate } from '../src/main/tls/throwaway-certificate';

/**
 * Global setup of vitest and Playwright: the certificate the Entra + Graph double of the tests presents, trusted the
 * way a private endpoint's CA is trusted in a real run: through NODE_EXTRA_CA_CERTS, which every test process (vitest's
 * forks, Playwright's workers, the CLI they start) reads when it starts. A file the caller already named is kept in it.
 */
export default async function trustEntraDouble(): Promise<() => void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ads-setup-entra-tls-'));
  const certificate = await makeThrowawayCertificate('entra-graph.double');
  writeFileSync(path.join(dir, 'key.pem'), certificate.key, { mode: 0o600 });
  writeFileSync(path.join(dir, 'cert.pem'), certificate.cert);
  const previous = process.env['NODE_EXTRA_CA_CERTS'];
  const kept = previous && existsSync(previous) ? readFileSync(previous, 'utf8') : '';
  writeFileSync(path.join(dir, 'ca.pem'), `${kept}${kept.endsWith('\n') || !kept ? '' : '\n'}${certificate.cert}`);
  process.env['NODE_EXTRA_CA_CERTS'] = path.join(dir, 'ca.pem');
  process.env['ADS_TEST_ENTRA_TLS_DIR'] = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    if (previous === undefined) delete process.env['NODE_EXTRA_CA_CERTS'];
    else process.env['NODE_EXTRA_CA_CERTS'] = previous;
  };
}
