import { existsSync } from 'node:fs';
import path from 'node:path';
import { APP_SLUG } from '../../../shared/identifiers';
import { printable } from '../../../shared/printable';
import { shellQuote } from '../../../shared/shell-quote';
import { BundleService, writeOutputFile } from '../../bundle/bundle-service';
import { discoveryScript } from '../../bundle/mapping';
import { EXIT, type CliCommand } from '../command';
import { openCliVault } from '../vault-context';
import { stringOption, usageError } from './bundle-common';

const namespaceOption = (value: unknown): string | undefined => {
  const namespace = stringOption(value);
  if (namespace !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) throw usageError('--namespace is not a Kubernetes namespace name.', 'For example: --namespace deepsource-application');
  return namespace;
};

export const bundleHostScriptCommand: CliCommand = {
  words: ['bundle', 'host-script'],
  summary: 'Write the host script that checks and applies a bundle on the console host.',
  usage: `ads-setup bundle host-script BUNDLE [--out FILE [--force]] [--namespace NS]

Writes the complete host script for BUNDLE (the same one \`bundle export\` prints), filled in for exactly this file:
on stdout, or with --out into FILE together with FILE.minisig, a minisign signature by this app's signing key.
BUNDLE must first verify with that same key (signature, hashes, format, expiry): a bundle signed by another key,
changed or expired gets no script and no signature.
On the console host, check the signature with the pinned key, then run the script with the bundle on stdin:

  minisign -Vm apply.sh -p /etc/ads-setup/signing.pub
  sudo bash apply.sh < BUNDLE

  --out FILE        Write the script to FILE (mode 0755) and its signature to FILE.minisig.
  --force           Replace an existing FILE.
  --namespace NS    The namespace the script uses by default (default deepsource-application; the host can
                    still override it with ADS_SETUP_NAMESPACE).

Exit codes: 0 written, 1 not a bundle this app signed (or changed, or expired), or no signing key, 64 usage.
`,
  options: { out: { type: 'string' }, force: { type: 'boolean' }, namespace: { type: 'string' } },
  run: async (args, context) => {
    const [file, ...rest] = args.positionals;
    if (!file || rest.length > 0) throw usageError('Give one bundle FILE.', 'See `ads-setup bundle host-script --help`.');
    const out = stringOption(args.values['out']);
    const namespace = namespaceOption(args.values['namespace']);
    const { vault, secrets } = openCliVault(args, context);
    const service = new BundleService({ vault, secrets });
    const { meta, instructions } = await service.hostScriptFor(file, namespace ? { namespace } : {});
    if (out === undefined) {
      context.io.stdout(instructions.script);
      return EXIT.ok;
    }
    if (existsSync(out) && args.values['force'] !== true) throw usageError(`${out} already exists.`, 'Choose another --out, or add --force to replace it.');
    const signature = await service.signHostScript(instructions.script, meta);
    await writeOutputFile(path.resolve(out), instructions.script, 0o755);
    await writeOutputFile(path.resolve(`${out}.minisig`), signature);
    context.io.stdout(
      args.values.json
        ? `${JSON.stringify({ script: path.resolve(out), signature: path.resolve(`${out}.minisig`), bundleId: meta.bundleId })}\n`
        : `Wrote ${printable(out)} and ${printable(out)}.minisig for bundle ${meta.bundleId}. On the console host:\n  minisign -Vm ${shellQuote(path.basename(out))} -p /etc/ads-setup/signing.pub\n  sudo bash ${shellQuote(path.basename(out))} < ${shellQuote(path.basename(file))}\n`,
    );
    return EXIT.ok;
  },
};

export const bundleDiscoveryScriptCommand: CliCommand = {
  words: ['bundle', 'discovery-script'],
  summary: "Write the script that lists the console app's config items on the console host (for --mapping-file).",
  usage: `ads-setup bundle discovery-script [--app SLUG] [--namespace NS] > discover.sh

For a console this machine cannot reach: run the script on the console host (it needs kubectl with the kots
plugin and POSIX tools, and prints item names, types and titles, never a value):

  sh discover.sh > ads-console-items.txt

Carry ads-console-items.txt back and export with \`ads-setup bundle export --profile ID --mapping-file
ads-console-items.txt …\`: its items are matched by title as a push matches them, and you confirm the match.

  --app SLUG        The app slug (default deepsource; \`kubectl kots get apps\` lists it).
  --namespace NS    The namespace of the admin console (default deepsource-application).
Both can be overridden on the host with ADS_SETUP_APP and ADS_SETUP_NAMESPACE.

Exit codes: 0 printed, 64 usage.
`,
  options: { app: { type: 'string' }, namespace: { type: 'string' } },
  run: async (args, context) => {
    const app = stringOption(args.values['app']);
    if (app !== undefined && !APP_SLUG.test(app)) throw usageError('--app is not an app slug.', 'For example: --app deepsource');
    const namespace = namespaceOption(args.values['namespace']);
    context.io.stdout(discoveryScript({ ...(app ? { appSlug: app } : {}), ...(namespace ? { namespace } : {}) }));
    return EXIT.ok;
  },
};
