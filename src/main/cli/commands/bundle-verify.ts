import { verifyBundleFile } from '../../bundle/bundle-service';
import type { AgeKey } from '../../bundle/age';
import { printable } from '../../../shared/printable';
import { EXIT, type CliCommand } from '../command';
import { readPassphrase, readKeyFile, stringOption, usageError } from './bundle-common';

export const bundleVerifyCommand: CliCommand = {
  words: ['bundle', 'verify'],
  summary: 'Check a bundle\'s signature, hashes, format and expiry with a pinned key.',
  usage: `ads-setup bundle verify FILE --pubkey KEYFILE [--identity AGEKEY | --passphrase-stdin] [--json]

Checks FILE with the signer's public key you pinned (KEYFILE: minisign .pub or PEM) — never with a key found in the
bundle: the tar structure, both signatures on MANIFEST, every file's SHA-256, the format version and the expiry.
With --identity (the host's age key file) or --passphrase-stdin it also decrypts the secrets in memory and checks
them. Needs no keychain and no profile.

Exit codes: 0 valid, 1 invalid (the reason is printed), 64 usage.
`,
  options: { pubkey: { type: 'string' }, identity: { type: 'string' }, 'passphrase-stdin': { type: 'boolean' } },
  run: async (args, context) => {
    const [file, ...rest] = args.positionals;
    const pubkey = stringOption(args.values['pubkey']);
    if (!file || rest.length > 0 || !pubkey) throw usageError('Give one bundle FILE and --pubkey KEYFILE.', 'See `ads-setup bundle verify --help`.');
    const identity = stringOption(args.values['identity']);
    if (identity !== undefined && args.values['passphrase-stdin'] === true) throw usageError('Give --identity or --passphrase-stdin, not both.', 'Use the one the bundle was encrypted for.');
    const publicKeyText = await readKeyFile(pubkey, 'the public key file', 'Give the pinned signer key (`ads-setup bundle pubkey` on the admin machine).');
    let ageKey: AgeKey | undefined;
    if (identity !== undefined) ageKey = { type: 'identity', identityFile: await readKeyFile(identity, 'the age identity file', 'Give the host key file made with `age-keygen -o`.') };
    else if (args.values['passphrase-stdin'] === true) ageKey = { type: 'passphrase', passphrase: await readPassphrase(context.io) };
    const report = await verifyBundleFile(file, publicKeyText, ageKey ? { ageKey } : {});
    if (args.values.json) {
      context.io.stdout(`${JSON.stringify(report)}\n`);
      return report.valid ? EXIT.ok : EXIT.failed;
    }
    if (report.valid) {
      const meta = report.meta!;
      context.io.stdout(
        [
          `VALID: ${printable(file)}`,
          `  signed by the pinned key ${report.pinnedKeyId ?? ''}${report.pinnedKeyId ? ', ' : ''}fingerprint ${report.pinnedFingerprint}`,
          `  bundle ${meta.bundleId} for app "${meta.appSlug}" (${printable(meta.profileLabel)}), created ${meta.createdAt}, expires ${meta.expiresAt}`,
          `  every file matches MANIFEST; format version ${meta.formatVersion}`,
          report.secrets.checked ? `  secrets decrypted and checked: ${report.secrets.items.map((item) => printable(item)).join(', ')}` : '  secrets not decrypted (give --identity to check them too)',
          '',
        ].join('\n'),
      );
      return EXIT.ok;
    }
    // The reasons may quote names from the unverified archive: shown inert.
    context.io.stdout(`INVALID: ${printable(report.reason ?? 'unknown reason')}\n${report.problems.slice(1).map((p) => `  also: ${printable(p.message)}\n`).join('')}`);
    return EXIT.failed;
  },
};
