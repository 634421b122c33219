/**
 * The one table of the admin-console fields the app fills (DeepSource's "Azure DevOps Services" section, shared
 * reference §12): role, how DeepSource titles it, whether it is a secret, and which value goes in. A push finds the
 * items by these titles and sends these values, a bundle writes them, the console double serves them. A new field is
 * one row here.
 */
export const consoleFieldRoles = ['enable', 'hostDomain', 'authorityHost', 'appId', 'clientSecret', 'webhookSecret'] as const;
export type ConsoleFieldRole = (typeof consoleFieldRoles)[number];

/** The title of the section, and of the group in consoles that group the fields. */
export const CONSOLE_GROUP_TITLE = 'Azure DevOps Services';

/** What a push or a bundle delivers, from the profile and the keychain (two are secrets: main process only). */
export interface DeliveredValues {
  hostDomain: string;
  authorityHost: string;
  appId: string;
  clientSecret: string;
  webhookSecret: string;
}

export interface ConsoleField {
  role: ConsoleFieldRole;
  /** How the admin knows the field (messages, the mapping form). */
  label: string;
  /** Full item titles a console gives it, as documented (compared without case and with blanks folded). */
  titles: readonly string[];
  /** Its item's title inside a group titled "Azure DevOps Services". */
  groupTitles: readonly string[];
  /** The item type DeepSource declares. A secret belongs in a `password` item: KOTS encrypts only those. */
  type: 'bool' | 'text' | 'password';
  secret: boolean;
  value: (values: DeliveredValues) => string;
}

const text = (role: Exclude<ConsoleFieldRole, 'enable'>, title: string, secret: boolean): ConsoleField => ({
  role,
  label: `${CONSOLE_GROUP_TITLE} ${title}`,
  titles: [`${CONSOLE_GROUP_TITLE} ${title}`],
  groupTitles: [title],
  type: secret ? 'password' : 'text',
  secret,
  value: (values) => values[role],
});

export const CONSOLE_FIELDS: Readonly<Record<ConsoleFieldRole, ConsoleField>> = {
  enable: {
    role: 'enable',
    label: `${CONSOLE_GROUP_TITLE} (checkbox)`,
    titles: [CONSOLE_GROUP_TITLE, `Enable ${CONSOLE_GROUP_TITLE}`],
    groupTitles: ['Enable', 'Enabled'],
    type: 'bool',
    secret: false,
    value: () => '1',
  },
  hostDomain: text('hostDomain', 'Host Domain', false),
  authorityHost: text('authorityHost', 'Authority Host', false),
  appId: text('appId', 'Application ID', false),
  clientSecret: text('clientSecret', 'Application Client Secret', true),
  webhookSecret: text('webhookSecret', 'Webhook Secret', true),
};

/** Each field as the admin knows it. */
export const CONSOLE_FIELD_TITLES = Object.fromEntries(consoleFieldRoles.map((role) => [role, CONSOLE_FIELDS[role].label])) as Readonly<Record<ConsoleFieldRole, string>>;

/** Case- and whitespace-insensitive form of a title. */
export function normalizeTitle(title: string | undefined): string {
  return (title ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
}
