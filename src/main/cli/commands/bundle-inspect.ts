import path from 'node:path';
import { inspectBundleFile } from '../../bundle/bundle-service';
import { renderHostScript } from '../../bundle/host-script';
import { printable } from '../../../shared/printable';
import { shellQuote } from '../../../shared/shell-quote';
import { EXIT, type CliCommand } from '../command';
import { usageError } from './bundle-common';
import { mappingSourceText } from './bundle-export';

export const bundleInspectCommand: CliCommand = {
  words: ['bundle', 'inspect'],
  summary: 'Show a bundle\'s non-secret contents (without verifying it).',
  usage: `ads-setup bundle inspect FILE [--json]

Prints what a bundle holds, except the encrypted secrets: bundle.json, the file list with sizes and SHA-256, the
signed trusted comment, the public ConfigValues and the host script to apply it. Nothing here is verified; run
\`ads-setup bundle verify\` before trusting it. Unsafe archives (links, "..", unexpected files, oversize) are refused.

Exit codes: 0 shown, 1 not a usable bundle, 64 usage.
`,
  options: {},
  run: async (args, context) => {
    const [file, ...rest] = args.positionals;
    if (!file || rest.length > 0) throw usageError('Give one bundle FILE.', 'See `ads-setup bundle inspect --help`.');
    const view = await inspectBundleFile(file);
    const instructions = renderHostScript(view.meta, { fileName: path.basename(file), tarSha256: view.sha256 });
    if (args.values.json) {
      context.io.stdout(`${JSON.stringify({ ...view, instructions })}\n`);
      return EXIT.ok;
    }
    const { meta } = view;
    // Nothing here is verified: any field may carry escape sequences or line breaks, which are shown inert.
    context.io.stdout(
      [
        `${printable(file)} (NOT verified: run \`ads-setup bundle verify\`)`,
        `  folder       ${view.folder}/`,
        `  format       ${meta.format} v${meta.formatVersion}`,
        `  bundle id    ${meta.bundleId}`,
        `  profile      ${printable(meta.profileLabel)}`,
        `  app slug     ${meta.appSlug}`,
        `  created      ${meta.createdAt}`,
        `  expires      ${meta.expiresAt}`,
        `  signer       key ${meta.signer.keyId}, fingerprint ${meta.signer.fingerprint} (as claimed by the bundle)`,
        `  secrets for  ${meta.recipient.type === 'x25519' ? meta.recipient.recipient : 'a passphrase (scrypt)'}`,
        `  target       ${meta.apply ? (meta.apply.target === 'embedded-cluster-v3' ? 'Embedded Cluster v3 (APP upgrade --headless)' : 'KOTS admin console (kubectl kots set config)') : 'KOTS admin console (format 1: not recorded)'}`,
        `  deploy       ${meta.apply ? (meta.apply.deploy ? 'yes' : 'no') : 'not recorded (format 1)'}`,
        `  mapping      ${mappingSourceText(meta.apply?.mappingSource)}`,
        `  trusted comment: ${printable(view.trustedComment ?? '(none)')}`,
        'Files:',
        ...view.files.map((f) => `  ${f.sha256}  ${String(f.size).padStart(6)}  ${f.name}`),
        'Public values (public.configvalues.yaml):',
        ...view.publicValues.map((v) => `  ${v.item} = ${JSON.stringify(v.value)}`),
        `Secret items (encrypted): ${meta.items.secret.join(', ')}`,
        '',
        `Host script for this bundle (run on the console host: sudo bash apply.sh < ${shellQuote(path.basename(file))}):`,
        '',
        instructions.script,
      ]
        .join('\n'),
    );
    return EXIT.ok;
  },
};
