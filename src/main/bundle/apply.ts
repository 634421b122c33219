import { ALL_BUNDLE_FILES, BUNDLE_FILES, BUNDLE_MAX_BYTES, type ApplyInstructions, type ApplyStep, type BundleMeta } from '../../shared/bundle';

/**
 * The host commands that check and apply a bundle with stock tools only (GNU tar/coreutils/findutils, minisign or
 * openssl, age, kubectl kots), filled in with the bundle's real names. The tests run these very lines.
 */
export interface ApplyOptions {
  /** The bundle as the admin will name it on the host (relative to where they run the commands, or absolute). */
  tarPath: string;
  /** The signer's public key, pinned on the host beforehand (not carried with the bundle). */
  minisignKeyPath?: string;
  pemKeyPath?: string;
  /** The host's age identity (X25519 bundles). */
  identityPath?: string;
  /** Which tool checks the signature on MANIFEST; `both` runs minisign and openssl. */
  verifier?: 'minisign' | 'openssl' | 'both';
  namespace?: string;
  deploy?: boolean;
  /** Where the RAM-backed work folder is made (a tmpfs). */
  tmpfs?: string;
}

export const DEFAULT_HOST_PATHS = {
  minisignKeyPath: '/etc/ads-setup/signing.pub',
  pemKeyPath: '/etc/ads-setup/signing.pem',
  identityPath: '/etc/ads-setup/host.agekey',
  namespace: 'deepsource-application',
  tmpfs: '/dev/shm',
} as const;

/** Single-quoted for POSIX shells; the names here are app-made, but a path the admin chose may hold anything. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function folderName(meta: Pick<BundleMeta, 'bundleId'>): string {
  return `ads-bundle-${meta.bundleId}`;
}

function signatureStep(verifier: 'minisign' | 'openssl' | 'both', minisignKey: string, pemKey: string): ApplyStep {
  const minisign = `minisign -Vm ${BUNDLE_FILES.manifest} -x ${BUNDLE_FILES.minisig} -p ${shellQuote(minisignKey)}`;
  const openssl = `openssl pkeyutl -verify -pubin -inkey ${shellQuote(pemKey)} -rawin -in ${BUNDLE_FILES.manifest} -sigfile ${BUNDLE_FILES.rawSig}`;
  const title = {
    minisign: 'Check the signature on MANIFEST with the pinned public key (minisign); it prints the trusted comment',
    openssl: 'Check the signature on MANIFEST with the pinned public key (PEM, openssl)',
    both: 'Check both signatures on MANIFEST with the pinned public key (minisign, then openssl)',
  }[verifier];
  const command = { minisign, openssl, both: `${minisign}\n${openssl}` }[verifier];
  return { id: 'signature', title, command };
}

export function renderApplyInstructions(meta: BundleMeta, options: ApplyOptions): ApplyInstructions {
  const q = shellQuote;
  const folder = folderName(meta);
  const minisignKey = options.minisignKeyPath ?? DEFAULT_HOST_PATHS.minisignKeyPath;
  const pemKey = options.pemKeyPath ?? DEFAULT_HOST_PATHS.pemKeyPath;
  const identity = options.identityPath ?? DEFAULT_HOST_PATHS.identityPath;
  const namespace = options.namespace ?? DEFAULT_HOST_PATHS.namespace;
  const tmpfs = options.tmpfs ?? DEFAULT_HOST_PATHS.tmpfs;
  const secretsPlain = BUNDLE_FILES.secrets.replace(/\.age$/, '');
  const steps: ApplyStep[] = [
    {
      id: 'prepare',
      title: 'Stop at the first failing command, and work in a RAM-backed folder so no decrypted secret reaches a disk',
      command: `set -euo pipefail\nB=$(realpath -e ${q(options.tarPath)})\nW=$(mktemp -d ${q(tmpfs)}/ads-bundle.XXXXXX)`,
    },
    {
      id: 'extract',
      title: `Check the size (at most ${BUNDLE_MAX_BYTES} bytes) and unpack; GNU tar refuses names with ".."`,
      command: `test "$(stat -c %s "$B")" -le ${BUNDLE_MAX_BYTES}\ntar -C "$W" --no-same-owner --no-same-permissions -xf "$B"\ncd "$W"/${q(folder)}`,
    },
    {
      id: 'structure',
      title: 'Check that the folder holds exactly the six bundle files and nothing else (no links, no extra files)',
      command: `test "$(cd "$W" && find . -mindepth 1 -printf '%y %P\\n' | LC_ALL=C sort | tr '\\n' ' ')" = "d ${folder} ${[...ALL_BUNDLE_FILES]
        .sort()
        .map((name) => `f ${folder}/${name}`)
        .join(' ')} "`,
    },
    signatureStep(options.verifier ?? 'minisign', minisignKey, pemKey),
    {
      id: 'hashes',
      title: 'Check every file against the signed MANIFEST',
      command: 'sha256sum -c --strict MANIFEST',
    },
    {
      id: 'expiry',
      title: 'Check the format version and that the bundle has not expired (both from the signed bundle.json)',
      command: `grep -qx '  "formatVersion": ${meta.formatVersion},' ${BUNDLE_FILES.meta}\nexpires=$(sed -n 's/^  "expiresAt": "\\(.*\\)",$/\\1/p' ${BUNDLE_FILES.meta})\ntest "$(date -u +%s)" -lt "$(date -u -d "$expires" +%s)"`,
    },
    {
      id: 'decrypt',
      title:
        meta.recipient.type === 'x25519'
          ? "Decrypt the secrets with the host's age key, into the RAM-backed folder"
          : 'Decrypt the secrets with the passphrase (age asks for it), into the RAM-backed folder',
      command:
        meta.recipient.type === 'x25519'
          ? `age -d -i ${q(identity)} -o ${secretsPlain} ${BUNDLE_FILES.secrets}`
          : `age -d -o ${secretsPlain} ${BUNDLE_FILES.secrets}`,
    },
    {
      id: 'apply',
      title: `Apply the values to the "${meta.appSlug}" app: the public values, then the secrets${options.deploy ? ', and deploy' : ' (deploy from the admin console when ready)'}`,
      command: `kubectl kots set config ${q(meta.appSlug)} --config-file ${BUNDLE_FILES.public} --merge -n ${q(namespace)}\nkubectl kots set config ${q(meta.appSlug)} --config-file ${secretsPlain} --merge${options.deploy ? ' --deploy' : ''} -n ${q(namespace)}`,
    },
    {
      id: 'cleanup',
      title: 'Destroy the decrypted secrets and the work folder',
      command: `shred -u ${secretsPlain}\ncd / && rm -rf "$W"`,
    },
  ];
  return { steps, script: `${steps.map((step) => `# ${step.title}\n${step.command}`).join('\n\n')}\n` };
}
