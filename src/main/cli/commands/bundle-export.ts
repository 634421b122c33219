import { existsSync } from 'node:fs';
import { ageRecipientSchema } from '../../../shared/bundle';
import { BundleService, parseExpiresIn } from '../../bundle/bundle-service';
import { EXIT, type CliCommand } from '../command';
import { openCliVault } from '../vault-context';
import { readPassphrase, stringOption, usageError } from './bundle-common';

export const bundleExportCommand: CliCommand = {
  words: ['bundle', 'export'],
  summary: 'Write a signed config bundle for an air-gapped admin console.',
  usage: `ads-setup bundle export --profile ID (--recipient age1… | --passphrase-stdin) --out FILE [--expires-in 7d] [--deploy] [--force] [--json]

Writes one .tar (public ConfigValues, age-encrypted secret ConfigValues, bundle.json, MANIFEST and its minisign and
raw Ed25519 signatures), then prints the host script that checks and applies it on the console host.
The signing key is created on the first export and kept in the OS keychain; print it with \`ads-setup bundle pubkey\`.

  --profile ID          The installation profile to export.
  --recipient age1…     The console host's age public key (\`age-keygen -y host.key\` on the host).
  --passphrase-stdin    Encrypt the secrets with a passphrase instead (scrypt): piped on standard input,
                        or asked for without echo when stdin is a terminal. At least 12 characters.
  --out FILE            Where to write the bundle (refused if it exists, unless --force).
  --expires-in 7d       Validity: 1h to 90d (default 7d).
  --deploy              Make the host script deploy the new version (\`kubectl kots set config … --deploy\`).
  --force               Replace an existing FILE.

Exit codes: 0 written, 1 failed (nothing written), 64 usage.
`,
  options: {
    profile: { type: 'string' },
    recipient: { type: 'string' },
    'passphrase-stdin': { type: 'boolean' },
    out: { type: 'string' },
    'expires-in': { type: 'string' },
    deploy: { type: 'boolean' },
    force: { type: 'boolean' },
  },
  run: async (args, context) => {
    const { values } = args;
    const profile = stringOption(values['profile']);
    const out = stringOption(values['out']);
    const recipient = stringOption(values['recipient']);
    const passphraseStdin = values['passphrase-stdin'] === true;
    if (!profile || !out) throw usageError('--profile and --out are required.', 'See `ads-setup bundle export --help`.');
    if ((recipient === undefined) === !passphraseStdin) {
      throw usageError('Give exactly one of --recipient and --passphrase-stdin.', 'Use the console host\'s age recipient (age1…), or pipe a passphrase with --passphrase-stdin.');
    }
    if (recipient !== undefined && !ageRecipientSchema.safeParse(recipient).success) {
      throw usageError('--recipient is not an age X25519 recipient.', 'On the console host run `age-keygen -o host.key` once, and give the "age1…" public key it prints.');
    }
    const expiresInSeconds = parseExpiresIn(stringOption(values['expires-in']) ?? '7d');
    if (existsSync(out) && values['force'] !== true) {
      throw usageError(`${out} already exists.`, 'Choose another --out, or add --force to replace it.');
    }
    const target = recipient !== undefined ? ({ type: 'x25519', recipient: recipient.trim() } as const) : ({ type: 'passphrase', passphrase: await readPassphrase(context.io) } as const);
    const { vault, secrets } = openCliVault(args, context);
    const service = new BundleService({ vault, secrets });
    const result = await service.export(profile, { target, expiresInSeconds, deploy: values['deploy'] === true }, out);
    if (values.json) {
      context.io.stdout(`${JSON.stringify(result)}\n`);
      return EXIT.ok;
    }
    const { meta } = result;
    context.io.stdout(
      [
        `Wrote ${result.path} (${result.size} bytes, sha256 ${result.sha256}).`,
        `  bundle ${meta.bundleId} for app "${meta.appSlug}" (${meta.profileLabel}), created ${meta.createdAt}, expires ${meta.expiresAt}`,
        `  secrets encrypted ${meta.recipient.type === 'x25519' ? `to ${meta.recipient.recipient}` : 'with a passphrase (scrypt)'}`,
        `  signed by key ${meta.signer.keyId}, fingerprint ${meta.signer.fingerprint}`,
        ...(result.signingKeyCreated
          ? ['', 'A new signing key was created. Pin its public key on the console host before the first bundle arrives:', '  ads-setup bundle pubkey --format minisign > signing.pub   (or --format pem > signing.pem)']
          : []),
        '',
        `Host script: save what follows as apply.sh on the console host (public key pinned at /etc/ads-setup/signing.pub,`,
        `age key at /etc/ads-setup/host.agekey) and run: sudo bash apply.sh < ${result.fileName}`,
        '',
        result.instructions.script,
      ].join('\n'),
    );
    return EXIT.ok;
  },
};
