import { existsSync } from 'node:fs';
import { ageRecipientSchema, bundleTargets, type BundleTarget } from '../../../shared/bundle';
import { AppError } from '../../../shared/errors';
import { APP_SLUG } from '../../../shared/identifiers';
import { printable } from '../../../shared/printable';
import { shellQuote } from '../../../shared/shell-quote';
import type { MappingSource } from '../../../shared/profile';
import { BundleService, parseExpiresIn } from '../../bundle/bundle-service';
import { EXIT, writeError, type CliCommand } from '../command';
import { openCliVault } from '../vault-context';
import { readPassphrase, stringOption, usageError } from './bundle-common';
import { NEEDS_DECISION, settleMapping } from './bundle-mapping';
import { MAPPING_FLAG_USAGE } from './mapping-flags';

export function mappingSourceText(source: MappingSource | undefined): string {
  return source === 'discovery' ? 'from the host discovery file' : source === 'manual' ? 'typed by the admin' : source === 'console' ? 'read from the console' : 'not recorded (format 1)';
}

export const bundleExportCommand: CliCommand = {
  words: ['bundle', 'export'],
  summary: 'Write a signed config bundle for an air-gapped admin console.',
  usage: `ads-setup bundle export --profile ID (--recipient age1… | --passphrase-stdin) --out FILE [--expires-in 7d] [--deploy]
                        [--target kots|embedded-cluster-v3] [--mapping-file F [--yes]] [--map ROLE=ITEM]...
                        [--allow-plain-secret ITEM]... [--app SLUG] [--force] [--json]

Writes one .tar (public ConfigValues, age-encrypted secret ConfigValues, bundle.json, MANIFEST and its minisign and
raw Ed25519 signatures), then says how to write its signed host script (\`ads-setup bundle host-script\`).
The signing key is created on the first export and kept in the OS keychain; print it with \`ads-setup bundle pubkey\`.

  --profile ID          The installation profile to export.
  --recipient age1…     The console host's age public key (\`age-keygen -y host.key\` on the host).
  --passphrase-stdin    Encrypt the secrets with a passphrase instead (scrypt): piped on standard input,
                        or asked for without echo when stdin is a terminal. At least 12 characters.
  --out FILE            Where to write the bundle (refused if it exists, unless --force).
  --expires-in 7d       Validity: 1h to 90d (default 7d).
  --deploy              Make the host script deploy the new version (\`kubectl kots set config … --deploy\`).
  --target T            Where the host script applies it: kots (an admin console, the default) or
                        embedded-cluster-v3 (no KOTS: \`APP upgrade --headless --config-values\`).
  --force               Replace an existing FILE.

The console's item names for the six Azure DevOps Services fields (saved in the profile; a push plan reads them
from a console this machine can reach):
  --mapping-file F      The file \`sh discover.sh\` printed on the console host (\`ads-setup bundle discovery-script\`):
                        its items are matched by title as a push matches them, shown, and used once confirmed.
  --yes                 Confirm that match without being asked.
  --app SLUG            The console app (default: from the mapping file, or the profile).
${MAPPING_FLAG_USAGE.replace('The console item for a field', 'The console item for a field (typed, or to correct the file)')}

The bundle records the deploy choice, the target and where the mapping came from (\`bundle inspect\` shows them).

Exit codes: 0 written, 1 failed (nothing written), 2 the mapping must be completed or confirmed, 64 usage.
`,
  options: {
    profile: { type: 'string' },
    recipient: { type: 'string' },
    'passphrase-stdin': { type: 'boolean' },
    out: { type: 'string' },
    'expires-in': { type: 'string' },
    deploy: { type: 'boolean' },
    target: { type: 'string' },
    force: { type: 'boolean' },
    'mapping-file': { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    app: { type: 'string' },
    map: { type: 'string', multiple: true },
    'allow-plain-secret': { type: 'string', multiple: true },
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
    const hostTarget = stringOption(values['target']) ?? 'kots';
    if (!(bundleTargets as readonly string[]).includes(hostTarget)) throw usageError(`--target must be one of ${bundleTargets.join(', ')}.`, 'Use kots for an admin console, embedded-cluster-v3 for Embedded Cluster 3.x.');
    const app = stringOption(values['app']);
    if (app !== undefined && !APP_SLUG.test(app)) throw usageError('--app is not an app slug.', 'For example: --app deepsource');
    if (existsSync(out) && values['force'] !== true) {
      throw usageError(`${out} already exists.`, 'Choose another --out, or add --force to replace it.');
    }
    const target = recipient !== undefined ? ({ type: 'x25519', recipient: recipient.trim() } as const) : ({ type: 'passphrase', passphrase: await readPassphrase(context.io) } as const);
    const { vault, secrets } = openCliVault(args, context);
    const stop = await settleMapping(context.io, vault, profile, {
      map: values['map'],
      mappingFile: stringOption(values['mapping-file']),
      app,
      allowPlainSecret: values['allow-plain-secret'],
      yes: values['yes'] === true,
      json: values.json === true,
    });
    if (stop !== undefined) return stop;
    const service = new BundleService({ vault, secrets });
    let result;
    try {
      result = await service.export(profile, { target, expiresInSeconds, deploy: values['deploy'] === true, hostTarget: hostTarget as BundleTarget }, out);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'NEEDS_MAPPING') throw error;
      writeError(context.io, error.toShape(), values.json === true);
      return NEEDS_DECISION;
    }
    if (values.json) {
      context.io.stdout(`${JSON.stringify(result)}\n`);
      return EXIT.ok;
    }
    const { meta } = result;
    context.io.stdout(
      [
        `Wrote ${printable(result.path)} (${result.size} bytes, sha256 ${result.sha256}).`,
        `  bundle ${meta.bundleId} for app "${meta.appSlug}" (${printable(meta.profileLabel)}), created ${meta.createdAt}, expires ${meta.expiresAt}`,
        `  secrets encrypted ${meta.recipient.type === 'x25519' ? `to ${meta.recipient.recipient}` : 'with a passphrase (scrypt)'}`,
        `  applies to ${meta.apply?.target === 'embedded-cluster-v3' ? 'Embedded Cluster v3 (APP upgrade --headless)' : 'a KOTS admin console'}${meta.apply?.deploy ? ', and deploys' : ', without deploying'}; console items ${mappingSourceText(meta.apply?.mappingSource)}`,
        `  signed by key ${meta.signer.keyId}, fingerprint ${meta.signer.fingerprint}`,
        ...(result.signingKeyCreated
          ? ['', 'A new signing key was created. Pin its public key on the console host before the first bundle arrives:', '  ads-setup bundle pubkey --format minisign > signing.pub   (or --format pem > signing.pem)']
          : []),
        '',
        'Write the signed host script, and carry both files with the bundle to the console host:',
        `  ads-setup bundle host-script ${shellQuote(result.fileName)} --out apply.sh`,
        'There (signing key pinned at /etc/ads-setup/signing.pub, age key at /etc/ads-setup/host.agekey):',
        '  minisign -Vm apply.sh -p /etc/ads-setup/signing.pub',
        `  sudo bash apply.sh < ${shellQuote(result.fileName)}`,
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  },
};
