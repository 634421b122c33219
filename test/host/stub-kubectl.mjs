#!/usr/bin/env node
// A stand-in for `kubectl` with the KOTS plugin on a console host, for the host-script tests. It behaves like the
// real `kubectl kots` (replicatedhq/kots cmd/kots/cli: set-config.go, get-config.go, download.go): the same flags,
// the same output on stdout, cobra's "Error: …" on stderr with exit 1, and the admin API's answers (an unknown item
// in a merge is "failed to create new config"; an unknown slug "failed to get app from app slug"). Its "cluster" is
// a JSON file (STUB_KOTS_DIR/state.json); every call is appended to STUB_KOTS_DIR/calls.jsonl. STUB_KOTS_FAIL names
// a subcommand that fails as if the port-forward to kotsadm broke ("set-config", "get-config", "download").
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.STUB_KOTS_DIR;
if (!dir) {
  process.stderr.write('stub kubectl: STUB_KOTS_DIR is not set\n');
  process.exit(2);
}
const statePath = path.join(dir, 'state.json');
const argv = process.argv.slice(2);
appendFileSync(path.join(dir, 'calls.jsonl'), `${JSON.stringify(argv)}\n`);

function die(message) {
  process.stderr.write(`Error: ${message}\n`);
  process.exit(1);
}

/** cobra-style flag parsing: `--name value`, `--name=value`, `-n value`; booleans take no value. */
function parseFlags(args, spec) {
  const flags = {};
  const positionals = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    let [name, inline] = arg.replace(/^--?/, '').split(/=(.*)/s);
    if (name === 'n') name = 'namespace';
    const kind = spec[name];
    if (!kind) die(`unknown flag: ${arg}`);
    if (kind === 'bool') flags[name] = inline === undefined ? true : inline === 'true';
    else {
      const value = inline ?? args[++i];
      if (value === undefined) die(`flag needs an argument: ${arg}`);
      flags[name] = value;
    }
  }
  return { flags, positionals };
}

const state = JSON.parse(readFileSync(statePath, 'utf8'));
const save = () => writeFileSync(statePath, `${JSON.stringify(state, null, 2)}\n`);

if (argv[0] !== 'kots') die(`unknown command "${argv[0] ?? ''}" for "kubectl"`);
const [sub1, sub2] = argv.slice(1);
const failing = process.env.STUB_KOTS_FAIL;
const inNamespace = (flags) => {
  const namespace = flags.namespace ?? 'default';
  if (namespace !== state.namespace) die(`failed to get namespace: failed to find kotsadm pod in namespace ${namespace}`);
};

/** A YAML scalar the way go-yaml (sigs.k8s.io/yaml) writes it: plain when safe, double-quoted otherwise. */
function yamlScalar(value) {
  const plainSafe = /^[A-Za-z_./][A-Za-z0-9_./ -]*$/.test(value) && !/^(true|false|yes|no|on|off|null|y|n|~)$/i.test(value) && !/ $/.test(value);
  return plainSafe ? value : JSON.stringify(value);
}

function app(slug) {
  if (slug !== state.app) die('unexpected status code from 500: failed to get app from app slug');
  return state;
}

/** Reads the ConfigValues file the way KOTS needs it: apiVersion/kind checked, spec.values as item → field → value. */
function readConfigValues(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    die(`failed to create config values from arguments: failed to load config from file: open ${file}: no such file or directory`);
  }
  const lines = text.split('\n');
  if (!lines.includes('apiVersion: kots.io/v1beta1') || !lines.includes('kind: ConfigValues')) die('unexpected status code from 400: failed to decode config values');
  const values = {};
  let item;
  const unquote = (raw) => (raw.startsWith('"') ? JSON.parse(raw.replace(/\\U([0-9a-f]{8})/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))) : raw);
  for (const line of lines.slice(lines.indexOf('  values:') + 1)) {
    const key = /^ {4}(".*"|[^ :]+):$/.exec(line);
    const field = /^ {6}(value|valuePlaintext|default|data|dataPlaintext|filename): (.*)$/.exec(line);
    if (key) values[(item = unquote(key[1]))] = {};
    else if (field && item !== undefined) values[item][field[1]] = unquote(field[2]);
    else if (line.trim() !== '') die('unexpected status code from 400: failed to decode config values');
  }
  return values;
}

if (sub1 === 'set' && sub2 === 'config') {
  const { flags, positionals } = parseFlags(argv.slice(3), { 'config-file': 'string', merge: 'bool', deploy: 'bool', 'skip-preflights': 'bool', key: 'string', value: 'string', namespace: 'string' });
  if (positionals.length < 1) die('accepts app slug as the first argument');
  if (positionals.length > 1 && flags['config-file']) die('failed to create config values from arguments: --config-file cannot be used with other key/value arguments');
  inNamespace(flags);
  process.stdout.write(`  • Updating ${positionals[0]} configuration...\n`);
  if (failing === 'set-config') die('failed to start port forwarding: error upgrading connection: unable to upgrade connection: pod does not exist');
  const target = app(positionals[0]);
  const values = flags['config-file'] ? readConfigValues(flags['config-file']) : {};
  const known = new Set(target.items.map((i) => i.name));
  if (Object.keys(values).some((name) => !known.has(name))) die('unexpected status code from 500: failed to create new config');
  target.sequence += 1;
  for (const [name, fields] of Object.entries(values)) target.values[name] = fields.valuePlaintext ?? fields.value ?? '';
  target.versions.push({ sequence: target.sequence, source: 'Config Change', deployed: flags.deploy === true, items: Object.keys(values) });
  save();
  process.stdout.write('  • Done\n');
  process.exit(0);
}

if (sub1 === 'get' && sub2 === 'config') {
  const { flags } = parseFlags(argv.slice(3), { appslug: 'string', sequence: 'string', decrypt: 'bool', current: 'bool', namespace: 'string' });
  inNamespace(flags);
  if (failing === 'get-config') die('failed to start port forwarding: error upgrading connection: unable to upgrade connection: pod does not exist');
  const target = app(flags.appslug ?? state.app);
  const out = ['apiVersion: kots.io/v1beta1', 'kind: ConfigValues', 'metadata:', '  creationTimestamp: null', 'spec:', '  values:'];
  for (const item of [...target.items].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const value = target.values[item.name] ?? '';
    const shown = item.type === 'password' && value !== '' && !flags.decrypt ? Buffer.from(`ciphertext:${value.length}`).toString('base64') : value;
    const fields = [...(item.default ? [`default: ${yamlScalar(item.default)}`] : []), ...(shown ? [`value: ${yamlScalar(shown)}`] : [])];
    if (fields.length === 0) out.push(`    ${yamlScalar(item.name)}: {}`);
    else out.push(`    ${yamlScalar(item.name)}:`, ...fields.map((f) => `      ${f}`));
  }
  out.push('status: {}');
  process.stdout.write(`${out.join('\n')}\n`);
  process.exit(0);
}

if (sub1 === 'download') {
  const { flags, positionals } = parseFlags(argv.slice(2), { dest: 'string', overwrite: 'bool', slug: 'string', 'decrypt-password-values': 'bool', output: 'string', namespace: 'string' });
  const slug = flags.slug ?? positionals[0];
  if (!slug) die('accepts app slug as the first argument');
  inNamespace(flags);
  if (failing === 'download') die('failed to start port forwarding: error upgrading connection: unable to upgrade connection: pod does not exist');
  app(slug);
  const root = path.join(flags.dest ?? '.', slug);
  mkdirSync(path.join(root, 'upstream', 'userdata'), { recursive: true });
  writeFileSync(path.join(root, 'upstream', state.configFileName ?? 'config.yaml'), state.upstreamConfig ?? '');
  // Older KOTS versions keep no rendered kotsKinds copy in the download.
  if (state.renderedConfig !== undefined) {
    mkdirSync(path.join(root, 'kotsKinds'), { recursive: true });
    writeFileSync(path.join(root, 'kotsKinds', 'config.yaml'), state.renderedConfig);
  }
  writeFileSync(path.join(root, 'upstream', 'userdata', 'config.yaml'), 'apiVersion: kots.io/v1beta1\nkind: ConfigValues\nmetadata:\n  creationTimestamp: null\nspec:\n  values: {}\nstatus: {}\n');
  process.stdout.write(`  • The application manifests have been downloaded and saved in ${root}\n\nAfter editing these files, you can upload a new version using\n  kubectl kots upload --namespace ${state.namespace} --slug ${slug} ${root}\n\n`);
  process.exit(0);
}

die(`unknown command "${argv.slice(1).join(' ')}" for "kubectl kots"`);
