import { AppError } from '../../../shared/errors';
import { settableSecretKinds } from '../../../shared/profile';
import { EXIT, profileFlag, type CliCommand } from '../command';
import { openCliVault } from '../vault-context';
import { describeSecret } from './profile';

/** Exactly what was piped or typed, minus the one line ending a shell adds. */
function stripLineEnding(text: string): string {
  return text.replace(/\r?\n$/, '');
}

export const secretSetCommand: CliCommand = {
  words: ['secret', 'set'],
  summary: 'Store a secret for a profile, read from stdin (or asked for without echo).',
  usage: `ads-setup secret set --profile ID --kind client-secret|webhook-secret < secret.txt
  The value is read from standard input; on a terminal it is asked for without echo. It goes only to the OS keychain.
`,
  options: { profile: { type: 'string' }, kind: { type: 'string' } },
  run: async (args, context) => {
    const id = profileFlag(args);
    const kind = args.values['kind'];
    if (typeof kind !== 'string' || !(settableSecretKinds as readonly string[]).includes(kind)) {
      throw new AppError('INVALID_INPUT', `Give --kind ${settableSecretKinds.join(' or ')}.`, 'See --help.');
    }
    const { vault } = openCliVault(args, context);
    await vault.get(id);
    const value = context.io.stdinIsTTY ? await context.io.promptHidden(`${kind} for ${id}: `) : stripLineEnding(await context.io.readStdin());
    const status = await vault.setSecret(id, kind as (typeof settableSecretKinds)[number], value);
    context.io.stdout(args.values.json ? `${JSON.stringify(status)}\n` : `Stored in the OS keychain. ${describeSecret(status)}\n`);
    return EXIT.ok;
  },
};

export const secretStatusCommand: CliCommand = {
  words: ['secret', 'status'],
  summary: 'Masked value, length, expiry (and SHA-256 of the machine-made secrets) of each secret of a profile.',
  usage: 'ads-setup secret status --profile ID\n',
  options: { profile: { type: 'string' } },
  run: async (args, context) => {
    const { vault } = openCliVault(args, context);
    const statuses = await vault.secretStatuses(profileFlag(args));
    if (args.values.json) {
      context.io.stdout(`${JSON.stringify({ secrets: statuses })}\n`);
    } else {
      for (const status of statuses) {
        const digest = status.secret && 'sha256' in status.secret ? `\n  sha256 ${status.secret.sha256}` : '';
        const bound = status.boundTo ? `\n  remembered for ${status.boundTo.origin}${status.boundTo.pinnedFingerprint ? `, certificate ${status.boundTo.pinnedFingerprint}` : status.boundTo.caSha256 ? ', trusted through a CA file' : ''}` : '';
        context.io.stdout(`${describeSecret(status)}${digest}${bound}\n`);
      }
    }
    return EXIT.ok;
  },
};

export const secretForgetCommand: CliCommand = {
  words: ['secret', 'forget'],
  summary: 'Remove every keychain entry of a profile (the profile stays).',
  usage: 'ads-setup secret forget --profile ID\n',
  options: { profile: { type: 'string' } },
  run: async (args, context) => {
    const { vault } = openCliVault(args, context);
    const view = await vault.forgetSecrets(profileFlag(args));
    context.io.stdout(args.values.json ? `${JSON.stringify(view)}\n` : `Removed the keychain entries of ${view.profile.id}.\n`);
    return EXIT.ok;
  },
};

export const webhookSecretGenerateCommand: CliCommand = {
  words: ['webhook-secret', 'generate'],
  summary: 'Generate a new webhook secret (32 random bytes, 64 hex characters) into the keychain.',
  usage: 'ads-setup webhook-secret generate --profile ID\n',
  options: { profile: { type: 'string' } },
  run: async (args, context) => {
    const { vault } = openCliVault(args, context);
    const status = await vault.generateWebhookSecret(profileFlag(args));
    context.io.stdout(args.values.json ? `${JSON.stringify(status)}\n` : `Generated and stored. ${describeSecret(status)}\n`);
    return EXIT.ok;
  },
};
