#!/usr/bin/env node
// A stand-in for an Embedded Cluster v3 binary (`sudo ./APP upgrade …`, replicated-docs embedded-cluster-upgrade.mdx)
// for the host-script tests: it takes the documented flags, records the call in STUB_KOTS_DIR/calls.jsonl as
// ['APP', …argv], and keeps the ConfigValues file it was given as the installation's values. STUB_EC_FAIL=1 makes
// the upgrade fail after reading its flags.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.STUB_KOTS_DIR;
const argv = process.argv.slice(2);
appendFileSync(path.join(dir, 'calls.jsonl'), `${JSON.stringify(['APP', ...argv])}\n`);
const die = (message) => {
  process.stderr.write(`Error: ${message}\n`);
  process.exit(1);
};
if (argv[0] !== 'upgrade') die(`unknown command "${argv[0] ?? ''}"`);
const flags = {};
const booleans = new Set(['headless', 'yes', 'y', 'ignore-app-preflights', 'ignore-host-preflights', 'force-skip-ha-migration-check']);
for (let i = 1; i < argv.length; i++) {
  const name = argv[i].replace(/^--?/, '');
  if (booleans.has(name)) flags[name] = true;
  else if (['license', 'l', 'config-values', 'installer-password', 'hostname'].includes(name)) flags[name] = argv[++i];
  else die(`unknown flag: ${argv[i]}`);
}
const license = flags.license ?? flags.l;
if (!license) die('required flag(s) "license" not set');
try {
  readFileSync(license);
} catch {
  die(`failed to read license file: open ${license}: no such file or directory`);
}
if (flags['config-values'] && !flags.headless) die('--config-values requires --headless');
if (process.env.STUB_EC_FAIL === '1') die('upgrade failed: preflight checks failed');
const statePath = path.join(dir, 'state.json');
const state = JSON.parse(readFileSync(statePath, 'utf8'));
state.ecConfigValues = flags['config-values'] ? readFileSync(flags['config-values'], 'utf8') : null;
writeFileSync(statePath, JSON.stringify(state, null, 2));
process.stdout.write('✔  Upgrade complete\n');
