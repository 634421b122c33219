import { BundleService } from '../../bundle/bundle-service';
import { EXIT, type CliCommand } from '../command';
import { openCliVault } from '../vault-context';
import { stringOption, usageError } from './bundle-common';

export const bundlePubkeyCommand: CliCommand = {
  words: ['bundle', 'pubkey'],
  summary: 'Print the bundle signing public key (minisign .pub or PEM).',
  usage: `ads-setup bundle pubkey [--format minisign|pem] [--json]

Prints the public half of the bundle signing key on stdout (minisign by default), and its key id and SHA-256
fingerprint on stderr. Pin it on the console host and compare the fingerprint over a second channel.

Exit codes: 0 printed, 1 no key yet (export a bundle first), 64 usage.
`,
  options: { format: { type: 'string' } },
  run: async (args, context) => {
    const format = stringOption(args.values['format']) ?? 'minisign';
    if (format !== 'minisign' && format !== 'pem') throw usageError('--format must be minisign or pem.', 'Use --format minisign (for minisign -V) or --format pem (for openssl).');
    const { vault, secrets } = openCliVault(args, context);
    const key = await new BundleService({ vault, secrets }).requireSigningKey();
    if (args.values.json) {
      context.io.stdout(`${JSON.stringify(key)}\n`);
      return EXIT.ok;
    }
    context.io.stdout(format === 'pem' ? key.pem : key.minisign);
    context.io.stderr(`key id ${key.keyId}\nfingerprint ${key.fingerprint}\n`);
    return EXIT.ok;
  },
};
