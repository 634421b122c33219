import { ALL_BUNDLE_FILES, BUNDLE_FILES, BUNDLE_MAX_BYTES, bundleMetaSchema, type ApplyInstructions, type ApplyStep, type BundleMeta } from '../../shared/bundle';
import { AppError } from '../../shared/errors';
import { hasUnprintable, printable } from '../../shared/printable';
import { shellQuote } from '../../shared/shell-quote';

/**
 * The one host script that checks and applies a bundle on the console host with stock tools only (bash, GNU
 * tar/coreutils/findutils, minisign or openssl, age, kubectl kots), filled in for one bundle. It runs with
 * `set -euo pipefail` and `umask 077`, works in a RAM-backed folder that a trap removes on every exit, reads the
 * bundle from standard input (a plain tar, refused before unpacking otherwise), writes no file larger than the
 * bundle could hold, and refuses a bundle not newer than the last one applied on this host. The tests run exactly
 * this text. Every value from the bundle or its file name enters the script only as a checked or quoted value
 * (issue 22: a file name once ended the header comment and ran as a command); comments carry none of them.
 */
export interface HostScriptOptions {
  /** The bundle's file name, for the usage line and messages: refused when it holds control or invisible characters. */
  fileName: string;
  /** SHA-256 of the bundle .tar: any other input is refused before it is unpacked. */
  tarSha256: string;
  /** Format 1 bundles only (format 2 records it): put `--deploy` on the apply. */
  deploy?: boolean;
  /** Defaults baked into the script; each can be overridden on the host by the matching ADS_SETUP_* variable. */
  namespace?: string;
  hostDir?: string;
  tmpfs?: string;
}

export const HOST_DEFAULTS = {
  hostDir: '/etc/ads-setup',
  namespace: 'deepsource-application',
  tmpfs: '/dev/shm',
} as const;

/** Every file the unpacked bundle may write is smaller than this (bash `ulimit -f` counts 1024-byte blocks). */
const WRITE_LIMIT_BLOCKS = Math.ceil(BUNDLE_MAX_BYTES / 1024);


export function folderName(meta: Pick<BundleMeta, 'bundleId'>): string {
  return `ads-bundle-${meta.bundleId}`;
}

/** The `find -printf '%y %P'` listing of an unpacked bundle: its folder and exactly the six files. */
function expectedListing(folder: string): string {
  return `d ${folder} ${[...ALL_BUNDLE_FILES]
    .sort()
    .map((name) => `f ${folder}/${name}`)
    .join(' ')} `;
}

const SECRETS_PLAIN = BUNDLE_FILES.secrets.replace(/\.age$/, '');

/**
 * One awk program over a ConfigValues document (from `kubectl kots get config`, or an admin's own file): with
 * mode=keys it prints the item names under spec.values, whatever their indentation or quoting; with mode=merge it
 * prints the document with the items of `ours` (our fixed layout) replacing or added to spec.values. Exit 3: no
 * spec.values. No single quote inside, so it sits in a single-quoted shell string.
 */
const VALUES_AWK = String.raw`
function ind(s) { match(s, /^ */); return RLENGTH }
function keyof(s,  k) {
  k = substr(s, ind(s) + 1); sub(/:([ \t].*)?$/, "", k)
  if (k ~ /^".*"$/ || k ~ /^\047.*\047$/) k = substr(k, 2, length(k) - 2)
  return k
}
function emit(  j, i, c, pad, lines) {
  if (done) return
  done = 1
  pad = sprintf("%" (ki > 0 ? ki : sv + 2) "s", "")
  for (j = 1; j <= m; j++) {
    print pad "\"" order[j] "\":"
    c = split(body[order[j]], lines, "\n")
    for (i = 1; i < c; i++) print pad "  " lines[i]
  }
}
BEGIN {
  if (mode == "merge") while ((getline line < ours) > 0) {
    if (line ~ /^    "/) { cur = line; sub(/^    "/, "", cur); sub(/":$/, "", cur); order[++m] = cur; mine[cur] = 1; body[cur] = ""; continue }
    if (cur != "" && line ~ /^      [^ ]/) body[cur] = body[cur] substr(line, 7) "\n"
  }
}
{
  blank = ($0 ~ /^[ \t]*(#.*)?$/); d = ind($0)
  if (state == 2 && !blank && d <= sv) { if (mode == "merge") emit(); state = 3 }
  if (state == 2 && !blank) {
    if (ki < 0) ki = d
    if (d == ki) { k = keyof($0); skipping = (mode == "merge" && (k in mine)); if (mode == "keys") print k }
    if (skipping) next
  }
  if (state == 1 && !blank && d == 0) state = 3
  if (state == 1 && $0 ~ /^ +values:[ \t]*(\{\}[ \t]*)?(#.*)?$/) {
    sv = d; ki = -1; state = 2
    if ($0 ~ /\{\}/) { state = 3; if (mode == "merge") { print substr($0, 1, d) "values:"; ki = sv + 2; emit() }; next }
  }
  if (state == 0 && $0 ~ /^spec:[ \t]*(#.*)?$/) state = 1
  if (mode == "merge") print
}
END {
  if (state == 2 && mode == "merge") emit()
  if (state < 2) exit 3
}
`.trim();

/**
 * A bundle's file name as a script may carry it: one quoted word, never with a control, bidi or zero-width
 * character (it would end a line, or show the admin another name than the one run).
 */
export function checkBundleFileName(fileName: string): string {
  if (fileName === '' || hasUnprintable(fileName)) {
    throw new AppError(
      'INVALID_INPUT',
      `The bundle's file name "${printable(fileName, { max: 120 })}" holds control or invisible characters, so no host script or command line is made for it.`,
      'Rename the file to a plain name such as ads-bundle.tar, then run the command again.',
    );
  }
  return fileName;
}

export function renderHostScript(unchecked: BundleMeta, options: HostScriptOptions): ApplyInstructions {
  if (!/^[0-9a-f]{64}$/.test(options.tarSha256)) throw new Error('tarSha256 must be a SHA-256 in hex');
  // Checked again here, whoever read it: the slug, ids and dates below go into the script unquoted.
  const parsed = bundleMetaSchema.safeParse(unchecked);
  if (!parsed.success) throw new AppError('BUNDLE_INVALID', 'The bundle description (bundle.json) is not one this app writes, so no host script is made for it.', 'Export the bundle again with `ads-setup bundle export`.');
  const meta = parsed.data;
  const fileName = checkBundleFileName(options.fileName);
  const q = shellQuote;
  const folder = folderName(meta);
  const namespace = options.namespace ?? HOST_DEFAULTS.namespace;
  const usage = `bash apply.sh [--allow-older] < ${q(fileName)}`;
  const target = meta.apply?.target ?? 'kots';
  const deploy = meta.apply?.deploy ?? options.deploy ?? false;
  const embedded = target === 'embedded-cluster-v3';
  const names = [...meta.items.public, ...meta.items.secret].map(q).join(' ');
  const steps: ApplyStep[] = [
    {
      id: 'prepare',
      title: 'Stop at the first failure, keep new files private, and work in a RAM-backed folder that is removed on every exit',
      command: [
        'set -euo pipefail',
        'umask 077',
        'export LC_ALL=C',
        `HOST_DIR=\${ADS_SETUP_HOST_DIR:-${q(options.hostDir ?? HOST_DEFAULTS.hostDir)}}`,
        `NAMESPACE=\${ADS_SETUP_NAMESPACE:-${q(namespace)}}`,
        `TMPFS=\${ADS_SETUP_TMPFS:-${q(options.tmpfs ?? HOST_DEFAULTS.tmpfs)}}`,
        'VERIFIER=${ADS_SETUP_VERIFIER:-auto}',
        `BUNDLE_FILE=${q(fileName)}`,
        "fail() { printf 'ads-setup: %s\\n' \"$*\" >&2; exit 1; }",
        'ALLOW_OLDER=no',
        'for arg in "$@"; do',
        '  case $arg in',
        '    --allow-older) ALLOW_OLDER=yes ;;',
        `    *) printf 'usage: %s\\n' ${q(usage)} >&2; exit 64 ;;`,
        '  esac',
        'done',
        `if [ -t 0 ]; then fail ${q(`give the bundle on standard input: ${usage}`)}; fi`,
        ...(embedded
          ? [
              `EC_BINARY=\${ADS_SETUP_EC_BINARY:-./${meta.appSlug}}`,
              'EC_LICENSE=${ADS_SETUP_EC_LICENSE:-license.yaml}',
              'EC_VALUES=${ADS_SETUP_EC_CONFIG_VALUES:-}',
              `[ -n "$EC_VALUES" ] || fail 'Embedded Cluster: set ADS_SETUP_EC_CONFIG_VALUES to the ConfigValues file of the installation (the one its install or last upgrade used); the bundle values are merged into a copy of it'`,
              'EC_VALUES=$(realpath -e "$EC_VALUES") || fail "no ConfigValues file at $EC_VALUES"',
              'EC_LICENSE=$(realpath -e "$EC_LICENSE") || fail "no license file at $EC_LICENSE (ADS_SETUP_EC_LICENSE)"',
              'EC_BINARY=$(realpath -e "$EC_BINARY") && [ -x "$EC_BINARY" ] || fail "no Embedded Cluster binary at $EC_BINARY (ADS_SETUP_EC_BINARY)"',
            ]
          : []),
        `VALUES_AWK='${VALUES_AWK}'`,
        '[ -d "$HOST_DIR" ] || mkdir -p -m 0700 "$HOST_DIR"',
        'W=$(mktemp -d "$TMPFS/ads-bundle.XXXXXX")',
        "trap 'cd / && rm -rf -- \"$W\"' EXIT",
        "trap 'exit 129' HUP",
        "trap 'exit 130' INT",
        "trap 'exit 143' TERM",
      ].join('\n'),
    },
    {
      id: 'read',
      title: `Read the bundle from standard input: at most ${BUNDLE_MAX_BYTES} bytes, a plain tar (compressed input is refused before anything is unpacked), exactly the bundle this script was made for`,
      command: [
        `head -c ${BUNDLE_MAX_BYTES + 1} > "$W/bundle.tar"`,
        `[ "$(stat -c %s "$W/bundle.tar")" -le ${BUNDLE_MAX_BYTES} ] || fail 'more than ${BUNDLE_MAX_BYTES} bytes arrived on standard input: that is no bundle'`,
        `[ "$(dd if="$W/bundle.tar" bs=1 skip=257 count=5 2>/dev/null)" = ustar ] || fail 'the input is not a plain (ustar) tar, e.g. compressed: refused before unpacking'`,
        `printf '%s  %s\\n' ${options.tarSha256} "$W/bundle.tar" | sha256sum -c --status - || fail "this is not the bundle $BUNDLE_FILE this script was made for (its SHA-256 differs): make the script again for the bundle you have"`,
      ].join('\n'),
    },
    {
      id: 'unpack',
      title: 'Unpack it (no file may grow past the bundle size; GNU tar refuses ".." and absolute names) and check that exactly the six bundle files are there',
      command: [
        'mkdir "$W/x"',
        `( ulimit -f ${WRITE_LIMIT_BLOCKS}; tar -C "$W/x" --no-same-owner --no-same-permissions -xf "$W/bundle.tar" ) || fail 'the bundle did not unpack within its size: refused'`,
        `[ "$(cd "$W/x" && find . -mindepth 1 -printf '%y %P\\n' | sort | tr '\\n' ' ')" = ${q(expectedListing(folder))} ] || fail 'the bundle holds other files than the six expected (or links): refused'`,
        `cd "$W/x/${folder}"`,
      ].join('\n'),
    },
    {
      id: 'signature',
      title: "Check the signature on MANIFEST with the signer's key pinned on this host: minisign (signing.pub) and/or openssl (signing.pem)",
      command: [
        'checked=no',
        'if [ "$VERIFIER" != openssl ] && [ -f "$HOST_DIR/signing.pub" ] && command -v minisign >/dev/null; then',
        `  minisign -Vm ${BUNDLE_FILES.manifest} -x ${BUNDLE_FILES.minisig} -p "$HOST_DIR/signing.pub" || fail 'the minisign signature does not verify with the pinned key: refused'`,
        '  checked=yes',
        'elif [ "$VERIFIER" = minisign ] || [ "$VERIFIER" = both ]; then fail "minisign and $HOST_DIR/signing.pub are needed"; fi',
        'if [ "$VERIFIER" != minisign ] && [ -f "$HOST_DIR/signing.pem" ] && command -v openssl >/dev/null; then',
        `  openssl pkeyutl -verify -pubin -inkey "$HOST_DIR/signing.pem" -rawin -in ${BUNDLE_FILES.manifest} -sigfile ${BUNDLE_FILES.rawSig} || fail 'the openssl signature does not verify with the pinned key: refused'`,
        '  checked=yes',
        'elif [ "$VERIFIER" = openssl ] || [ "$VERIFIER" = both ]; then fail "openssl and $HOST_DIR/signing.pem are needed"; fi',
        '[ "$checked" = yes ] || fail "no pinned signing key: put it at $HOST_DIR/signing.pub (ads-setup bundle pubkey) or signing.pem"',
      ].join('\n'),
    },
    {
      id: 'hashes',
      title: 'Check every file against the signed MANIFEST',
      command: `sha256sum -c --strict --quiet ${BUNDLE_FILES.manifest} || fail 'a file changed after signing: refused'`,
    },
    {
      id: 'bundle',
      title: 'Check the format version, the bundle id and the expiry, from the signed bundle.json',
      command: [
        `grep -qx '  "formatVersion": ${meta.formatVersion},' ${BUNDLE_FILES.meta} || fail 'this script reads bundle format ${meta.formatVersion} only'`,
        `grep -qx '  "bundleId": "${meta.bundleId}",' ${BUNDLE_FILES.meta} || fail 'the signed bundle id is not ${meta.bundleId}'`,
        `created=$(sed -n 's/^  "createdAt": "\\(.*\\)",$/\\1/p' ${BUNDLE_FILES.meta})`,
        `expires=$(sed -n 's/^  "expiresAt": "\\(.*\\)",$/\\1/p' ${BUNDLE_FILES.meta})`,
        'created_s=$(date -u -d "$created" +%s)',
        '[ "$(date -u +%s)" -lt "$(date -u -d "$expires" +%s)" ] || fail "the bundle expired at $expires: export a new one"',
      ].join('\n'),
    },
    {
      id: 'replay',
      title: 'Refuse a bundle that is not newer than the last one applied on this host (a replay would roll the secrets back), unless --allow-older',
      command: [
        'STATE="$HOST_DIR/applied"',
        'if [ -e "$STATE" ]; then',
        "  last_id=$(sed -n 's/^bundle_id=//p' \"$STATE\")",
        "  last_created=$(sed -n 's/^created_at=//p' \"$STATE\")",
        '  case $last_id/$last_created in',
        '    [0-9a-f]*/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z) last_s=$(date -u -d "$last_created" +%s) ;;',
        '    *) fail "$STATE is unreadable: check it, or remove it to accept any bundle once" ;;',
        '  esac',
        '  if [ "$created_s" -le "$last_s" ]; then',
        `    [ "$ALLOW_OLDER" = yes ] || fail "bundle ${meta.bundleId} (created $created) is not newer than bundle $last_id (created $last_created), the last one applied here: refused. Run with --allow-older to apply it anyway."`,
        `    printf 'ads-setup: applying the older bundle ${meta.bundleId} as asked (--allow-older)\\n' >&2`,
        '  fi',
        'fi',
      ].join('\n'),
    },
    {
      id: 'items',
      title: embedded
        ? "Check that every item the bundle sets exists in the installation's ConfigValues; refuse, changing nothing, if one is missing"
        : `Check with \`kubectl kots get config\` that every item the bundle sets exists in the "${meta.appSlug}" app; refuse, changing nothing, if one is missing`,
      command: [
        embedded
          ? 'awk -v mode=keys "$VALUES_AWK" "$EC_VALUES" > "$W/app-items" || fail "$EC_VALUES is not a ConfigValues file (no spec.values)"'
          : `kubectl kots get config --appslug ${q(meta.appSlug)} -n "$NAMESPACE" | awk -v mode=keys "$VALUES_AWK" > "$W/app-items" || fail 'could not list the app items with kubectl kots get config'`,
        'missing=',
        `for name in ${names}; do grep -qxF -- "$name" "$W/app-items" || missing="$missing $name"; done`,
        `[ -z "$missing" ] || fail "the app has no config item(s)$missing: this bundle was mapped for another console or app version; nothing was changed. Map the items again (ads-setup bundle discovery-script) and export a new bundle."`,
      ].join('\n'),
    },
    {
      id: 'decrypt',
      title:
        meta.recipient.type === 'x25519'
          ? "Decrypt the secrets with this host's age key, into the RAM-backed folder"
          : 'Decrypt the secrets with the passphrase (age asks for it on the terminal), into the RAM-backed folder',
      command:
        meta.recipient.type === 'x25519'
          ? `age -d -i "$HOST_DIR/host.agekey" -o ${SECRETS_PLAIN} ${BUNDLE_FILES.secrets} || fail "the secrets do not decrypt with $HOST_DIR/host.agekey"`
          : `age -d -o ${SECRETS_PLAIN} ${BUNDLE_FILES.secrets} || fail 'the secrets do not decrypt with that passphrase'`,
    },
    {
      id: 'apply',
      title: embedded
        ? `Apply every value with one headless Embedded Cluster upgrade of "${meta.appSlug}" (its ConfigValues with the bundle's items merged in)`
        : `Apply every value in one change (one new version) to the "${meta.appSlug}" app${deploy ? ', and deploy it' : ' (deploy from the admin console when ready)'}`,
      command: [
        `[ "$(head -n 6 ${SECRETS_PLAIN})" = "$(head -n 6 ${BUNDLE_FILES.public})" ] || fail 'the decrypted secrets are not ConfigValues for the same app'`,
        `{ cat ${BUNDLE_FILES.public}; tail -n +7 ${SECRETS_PLAIN}; } > values.yaml`,
        ...(embedded
          ? [
              'awk -v mode=merge -v ours=values.yaml "$VALUES_AWK" "$EC_VALUES" > merged.configvalues.yaml || fail "could not merge the values into $EC_VALUES"',
              '"$EC_BINARY" upgrade --license "$EC_LICENSE" --headless --config-values merged.configvalues.yaml --yes',
            ]
          : [`kubectl kots set config ${q(meta.appSlug)} --config-file values.yaml --merge${deploy ? ' --deploy' : ''} -n "$NAMESPACE"`]),
      ].join('\n'),
    },
    {
      id: 'record',
      title: 'Record this bundle as the last one applied here; the trap then removes the decrypted secrets',
      command: [
        `printf 'bundle_id=%s\\ncreated_at=%s\\napp=%s\\napplied_at=%s\\n' ${meta.bundleId} "$created" ${q(meta.appSlug)} "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$STATE.new"`,
        'mv -f "$STATE.new" "$STATE"',
        embedded
          ? `printf 'Applied bundle %s to the %s Embedded Cluster installation.\\n' ${meta.bundleId} ${q(meta.appSlug)}`
          : `printf 'Applied bundle %s to the %s app in namespace %s%s.\\n' ${meta.bundleId} ${q(meta.appSlug)} "$NAMESPACE" ${q(deploy ? ', deploying it' : '')}`,
      ].join('\n'),
    },
  ];
  // No outside text in comments: the bundle's name, id and app appear only in the checked and quoted lines below.
  const header = [
    '#!/usr/bin/env bash',
    '# ADS Setup Assistant host script: checks one signed config bundle with stock tools, then applies it. The bundle it',
    '# was made for is named by BUNDLE_FILE below and recognised by its SHA-256. On the console host, as root, in any folder:',
    '#   sudo bash apply.sh [--allow-older] < BUNDLE_FILE',
    `# Settings (environment): ADS_SETUP_HOST_DIR (default ${HOST_DEFAULTS.hostDir}: signing.pub or signing.pem, host.agekey,`,
    '# and the record of the last bundle applied), ADS_SETUP_NAMESPACE (default: NAMESPACE below), ADS_SETUP_TMPFS (default',
    `# ${HOST_DEFAULTS.tmpfs}, RAM-backed), ADS_SETUP_VERIFIER (auto, minisign, openssl or both).`,
    ...(embedded
      ? [
          `# Embedded Cluster v3 (no KOTS): ADS_SETUP_EC_CONFIG_VALUES (required: the installation's ConfigValues file),`,
          `# ADS_SETUP_EC_LICENSE (default license.yaml), ADS_SETUP_EC_BINARY (default: the app's binary in this folder).`,
        ]
      : []),
  ].join('\n');
  return { steps, script: `${header}\n\n${steps.map((step) => `# ${step.title}\n${step.command}`).join('\n\n')}\n` };
}
