import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/doubles/temp-dir';
import { makeConsoleHost } from '../../../test/host/console-host';
import { discoveryScript, parseDiscovery, proposeMapping } from './mapping';

/**
 * The discovery script, run for real with `sh` and awk against a stub `kubectl kots download` that writes the app's
 * files as KOTS does (the vendor's upstream Config spec, and KOTS' rendered kotsKinds copy with sorted keys), and
 * the app reading what it prints.
 */

const tempDir = useTempDirs();

/** A vendor's Config spec, written by hand: indented sequences, comments, quotes, choices, a block scalar. */
const UPSTREAM = readFileSync(path.join(__dirname, '../../../test/host/deepsource-config.yaml'), 'utf8');

/** The same spec as KOTS renders it into kotsKinds (sigs.k8s.io/yaml: keys sorted, sequences not indented). */
const RENDERED = `apiVersion: kots.io/v1beta1
kind: Config
metadata:
  creationTimestamp: null
  name: deepsource-config
spec:
  groups:
  - items:
    - name: hostname
      title: Hostname
      type: text
    name: general
    title: General
  - description: Connect a version control system.
    items:
    - default: "0"
      name: ads_enabled
      title: Azure DevOps Services
      type: bool
    - default: dev.azure.com
      name: ads_host_domain
      title: Azure DevOps Services Host Domain
      type: text
      when: "true"
    - name: ads_authority_host
      title: Azure DevOps Services Authority Host
      type: text
    - name: ads_app_id
      title: Azure DevOps Services Application ID
      type: text
    - name: ads_client_secret
      title: Azure DevOps Services Application Client Secret
      type: password
    - name: ads_webhook_secret
      title: Azure DevOps Services Webhook Secret
      type: password
    - items:
      - name: single
        title: Azure DevOps Services Application ID
      name: ads_org_mode
      title: Organization mode
      type: select_one
    name: vcs
    title: Version Control
status: {}
`;

/** What the discovery script prints for that app (also what the e2e pastes into the app's mapping form). */
const EXPECTED = readFileSync(path.join(__dirname, '../../../test/host/deepsource-items.txt'), 'utf8');

function discover(state: { upstreamConfig: string; renderedConfig?: string }, env: Record<string, string> = {}) {
  const root = tempDir();
  const on = makeConsoleHost(root, { state });
  writeFileSync(path.join(root, 'discover.sh'), discoveryScript());
  const result = spawnSync('sh', ['discover.sh'], { cwd: root, encoding: 'utf8', env: { PATH: `${path.join(root, 'bin')}:${process.env['PATH']}`, STUB_KOTS_DIR: path.join(root, 'cluster'), ...env } });
  return { ...result, calls: on.calls() };
}

describe('the discovery script', () => {
  it.each([
    ['the rendered kotsKinds copy (sorted keys, unindented sequences)', { upstreamConfig: 'kind: Config\nspec: {}\n', renderedConfig: RENDERED }],
    ['the vendor\'s upstream files, when there is no rendered copy', { upstreamConfig: UPSTREAM }],
  ])('lists every item with its group, type and title from %s; no value, no choice', (_what, state) => {
    const result = discover(state);
    expect(result.status, result.stderr).toBe(0);
    expect(result.calls).toEqual([['kots', 'download', 'deepsource', '-n', 'deepsource-application', '--dest', expect.any(String), '--overwrite']]);
    expect(result.stdout).toBe(EXPECTED);
    expect(result.stdout).not.toContain('dev.azure.com');
    expect(result.stdout).not.toContain('not_an_item');
  });

  it('fails with kubectl\'s own error when the download fails, printing no half list', () => {
    const result = discover({ upstreamConfig: UPSTREAM }, { STUB_KOTS_FAIL: 'download' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('Error: failed to start port forwarding');
    expect(result.stdout).toBe('');
  });

  it('is read by the app and matched by title as a push matches: DeepSource\'s documented titles give the whole mapping', () => {
    const discovered = parseDiscovery(discover({ upstreamConfig: UPSTREAM }).stdout);
    expect(discovered).toMatchObject({ appSlug: 'deepsource', itemCount: 8 });
    const proposal = proposeMapping(discovered, {}, []);
    expect(proposal).toMatchObject({ complete: true, missing: [], ambiguous: [], plainSecret: [] });
    expect(Object.fromEntries(Object.entries(proposal.matched).map(([role, m]) => [role, `${m.name} (${m.type}, by ${m.by})`]))).toEqual({
      enable: 'ads_enabled (bool, by title)',
      hostDomain: 'ads_host_domain (text, by title)',
      authorityHost: 'ads_authority_host (text, by title)',
      appId: 'ads_app_id (text, by title)',
      clientSecret: 'ads_client_secret (password, by title)',
      webhookSecret: 'ads_webhook_secret (password, by title)',
    });
  });

  it('says what is missing, and that a secret would land in a plain item, with the candidates', () => {
    const text = ['# ads-setup console items v1', 'app\tdeepsource', 'item\tv\tV\tads_enabled\tbool\tAzure DevOps Services', 'item\tv\tV\tads_secret\ttext\tAzure DevOps Services Application Client Secret', 'item\tv\tV\tpw\tpassword\tSome password'].join('\n');
    const proposal = proposeMapping(parseDiscovery(text), {}, []);
    expect(proposal.complete).toBe(false);
    expect(proposal.missing).toEqual(['hostDomain', 'authorityHost', 'appId', 'webhookSecret']);
    expect(() => proposeMapping(parseDiscovery(text), { appId: 'ads_enabled' }, [])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('of type bool') }));
    expect(proposeMapping(parseDiscovery(text), {}, ['ads_secret']).plainSecret).toEqual([]);
    expect(proposal.plainSecret).toEqual(['clientSecret']);
    expect(proposal.candidates.clientSecret?.map((c) => c.name)).toEqual(['ads_secret', 'pw']);
  });

  it.each([
    ['another file', 'apiVersion: v1\n'],
    ['a broken line', '# ads-setup console items v1\nitem\tonly\ttwo\n'],
    ['an item name with a control character', '# ads-setup console items v1\nitem\tg\tG\tbad\u001bname\ttext\tT\n'],
    ['no item', '# ads-setup console items v1\napp\tdeepsource\n'],
  ])('refuses %s with a remedy', (_what, text) => {
    expect(() => parseDiscovery(text)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', remedy: expect.stringContaining('discover.sh') }));
  });
});
