import { AppError } from '../../../shared/errors';
import { printable } from '../../../shared/printable';
import { type ProfileInput, type ProfileView, type SecretStatus } from '../../../shared/profile';
import { providers } from '../../registration/providers';
import { EXIT, type CliCommand, type OptionValues, type ParsedArgs } from '../command';
import type { CliIo } from '../io';
import { openCliVault } from '../vault-context';

const profileFlags = {
  label: { type: 'string' },
  hostname: { type: 'string' },
  org: { type: 'string' },
  provider: { type: 'string' },
  console: { type: 'string' },
  app: { type: 'string' },
  'app-id': { type: 'string' },
  'tenant-id': { type: 'string' },
  'authorize-url': { type: 'string' },
  'secret-expires': { type: 'string' },
  'host-domain': { type: 'string' },
  'authority-host': { type: 'string' },
  'callback-trailing-slash': { type: 'boolean' },
  'no-callback-trailing-slash': { type: 'boolean' },
} as const;

const FLAG_USAGE = `  --label L                 A name for this installation (e.g. "Production").
  --hostname H              The DeepSource host name, e.g. deepsource.example.com[:port] (no https://).
  --org O                   Your organization; the Azure app is named "DeepSource O".
  --provider P              ${providers.map((p) => `${p.id} (${p.ui.name})`).join(' or ')}.
  --console URL             Admin console, e.g. https://console.example.com:8800.
  --app SLUG                The console's app slug (default: found on first push).
  --app-id GUID             App ID / Application (client) ID, for an app registered earlier.
  --tenant-id GUID          Directory (tenant) ID (Entra only).
  --authorize-url URL       The authorize URL shown by Azure.
  --secret-expires DATE     When the client secret expires (YYYY-MM-DD).
  --host-domain H           Azure DevOps host domain (default dev.azure.com).
  --authority-host H        Authority host (default by provider).
  --[no-]callback-trailing-slash   Register the callback URL with a trailing slash.
`;

/** Flags → the vault's input shape; only the flags that were given. */
function inputFromFlags(values: OptionValues): Partial<ProfileInput> {
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const input: Record<string, unknown> = {
    label: text('label'),
    hostname: text('hostname'),
    organization: text('org'),
    provider: text('provider'),
    consoleUrl: text('console'),
    appSlug: text('app'),
    appId: text('app-id'),
    tenantId: text('tenant-id'),
    authorizeUrl: text('authorize-url'),
    secretExpires: text('secret-expires'),
    hostDomain: text('host-domain'),
    authorityHost: text('authority-host'),
  };
  if (values['callback-trailing-slash']) input['callbackTrailingSlash'] = true;
  if (values['no-callback-trailing-slash']) input['callbackTrailingSlash'] = false;
  // Whether the provider exists is the vault's check (UNKNOWN_PROVIDER, naming the ones it knows), as for the window.
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<ProfileInput>;
}

function onePositional(args: ParsedArgs, what: string): string {
  const [value, ...extra] = args.positionals;
  if (value === undefined || extra.length > 0) throw new AppError('INVALID_INPUT', `Give exactly one ${what}.`, `See --help.`);
  return value;
}

function describeSecret(status: SecretStatus): string {
  if (!status.present) return `${status.kind}: not stored`;
  const parts = [`${status.kind}: ${status.secret?.masked} (${status.secret?.length} chars)`];
  if (status.capturedAt) parts.push(`captured ${status.capturedAt.slice(0, 10)}`);
  if (status.expiresInDays !== undefined) {
    parts.push(status.expiresInDays < 0 ? `EXPIRED ${-status.expiresInDays} days ago` : `expires in ${status.expiresInDays} days`);
  }
  if (status.warning === 'expiring-soon') parts.push('— rotate it soon');
  return parts.join(', ');
}

export function printView(io: CliIo, view: ProfileView): void {
  const { profile } = view;
  const lines = [
    `${profile.id}  ${printable(profile.label)}`,
    `  provider:       ${profile.provider}`,
    `  hostname:       ${profile.hostname}`,
    `  organization:   ${printable(profile.organization)}`,
    `  callback URL:   ${view.callbackUrl}`,
    `  host domain:    ${profile.hostDomain}`,
    `  authority host: ${profile.authorityHost}`,
    `  console:        ${profile.console.url ?? '(not set)'}${profile.console.appSlug ? ` app ${profile.console.appSlug}` : ''}`,
    `  app id:         ${profile.azure.appId ?? '(not captured)'}`,
    ...(profile.azure.tenantId ? [`  tenant id:      ${profile.azure.tenantId}`] : []),
    ...view.secrets.map((status) => `  ${describeSecret(status)}`),
    ...(view.keychainProblem ? [`  secrets:        unknown — ${view.keychainProblem.message}`] : []),
  ];
  io.stdout(`${lines.join('\n')}\n`);
}

export const profileCreateCommand: CliCommand = {
  words: ['profile', 'create'],
  summary: 'Create an installation profile; prints its id.',
  usage: `ads-setup profile create [--id ID] --label L --hostname H --org O --provider ${providers.map((p) => p.id).join('|')} [options]\n${FLAG_USAGE}  --id ID                   The profile id (default: from the label).\n`,
  options: { ...profileFlags, id: { type: 'string' } },
  run: async (args, context) => {
    const { vault } = openCliVault(args, context);
    const id = typeof args.values['id'] === 'string' ? args.values['id'] : undefined;
    const view = await vault.create({ ...(inputFromFlags(args.values) as ProfileInput), ...(id ? { id } : {}) });
    context.io.stdout(args.values.json ? `${JSON.stringify(view)}\n` : `${view.profile.id}\n`);
    return EXIT.ok;
  },
};

export const profileUpdateCommand: CliCommand = {
  words: ['profile', 'update'],
  summary: 'Change fields of a profile.',
  usage: `ads-setup profile update ID [options]\n${FLAG_USAGE}`,
  options: profileFlags,
  run: async (args, context) => {
    const { vault } = openCliVault(args, context);
    const view = await vault.update(onePositional(args, 'profile id'), inputFromFlags(args.values));
    if (args.values.json) context.io.stdout(`${JSON.stringify(view)}\n`);
    else printView(context.io, view);
    return EXIT.ok;
  },
};

export const profileListCommand: CliCommand = {
  words: ['profile', 'list'],
  summary: 'List profiles with the state of their secrets.',
  usage: 'ads-setup profile list\n',
  options: {},
  run: async (args, context) => {
    const { vault } = openCliVault(args, context);
    const { profiles, problems } = await vault.list();
    if (args.values.json) {
      context.io.stdout(`${JSON.stringify({ profiles, problems })}\n`);
    } else {
      if (profiles.length === 0) context.io.stdout('No profiles yet. Create one with `ads-setup profile create`.\n');
      for (const view of profiles) printView(context.io, view);
      for (const problem of problems) context.io.stderr(`warning: ${printable(problem.path)} could not be used (${printable(problem.reason)}); kept as ${printable(problem.keptAs)}\n`);
    }
    return EXIT.ok;
  },
};

export const profileShowCommand: CliCommand = {
  words: ['profile', 'show'],
  summary: 'Show one profile.',
  usage: 'ads-setup profile show ID\n',
  options: {},
  run: async (args, context) => {
    const { vault } = openCliVault(args, context);
    const view = await vault.view(onePositional(args, 'profile id'));
    if (args.values.json) context.io.stdout(`${JSON.stringify(view)}\n`);
    else printView(context.io, view);
    return EXIT.ok;
  },
};

export const profileDeleteCommand: CliCommand = {
  words: ['profile', 'delete'],
  summary: 'Delete a profile and its keychain entries.',
  usage: 'ads-setup profile delete ID\n',
  options: {},
  run: async (args, context) => {
    const { vault } = openCliVault(args, context);
    const id = onePositional(args, 'profile id');
    await vault.delete(id);
    context.io.stdout(args.values.json ? `${JSON.stringify({ deleted: id })}\n` : `Deleted profile ${id} and its keychain entries.\n`);
    return EXIT.ok;
  },
};

export { describeSecret };
