import { CONSOLE_FIELDS, CONSOLE_GROUP_TITLE, consoleFieldRoles, type ConsoleFieldRole } from '../../shared/console-fields';
import type { DoubleGroup, DoubleItem } from './types';

/** DeepSource's own host name, as its Config page titles it ("Application hostname"). */
function hostnameGroup(hostname = 'deepsource.stark.com'): DoubleGroup {
  return { name: 'general', title: 'General', items: [{ name: 'hostname', type: 'text', title: 'Application hostname', value: hostname, required: true }] };
}

/** The App ID item validates its value, as DeepSource's does. */
const APP_ID_VALIDATION = { regex: { pattern: '^[0-9a-fA-F-]{36}$', message: 'Must be a GUID' } };

/**
 * How real consoles spell some documented titles: a doubled blank, all lower case. The app matches titles without
 * case and with blanks folded, so the double spells them so too.
 */
const AS_SPELLED: Partial<Record<ConsoleFieldRole, (title: string) => string>> = {
  authorityHost: (title) => title.replace('Azure DevOps', 'Azure  DevOps'),
  webhookSecret: (title) => title.toLowerCase(),
};

function fieldItem(role: ConsoleFieldRole, name: string, title: string, shown: Partial<DoubleItem>): DoubleItem {
  const field = CONSOLE_FIELDS[role];
  if (field.type === 'bool') return { name, type: 'bool', title, default: '0', value: '0' };
  return { name, type: field.type, title, default: '', required: true, ...shown, ...(role === 'appId' ? { validation: APP_ID_VALIDATION } : {}) };
}

/** DeepSource's documented layout: a checkbox "Azure DevOps Services" and five fields titled "Azure DevOps Services …". */
export function flatAdsGroups(options: { names?: Partial<Record<ConsoleFieldRole, string>>; hiddenUntilEnabled?: boolean; hostname?: string } = {}): DoubleGroup[] {
  const names: Record<ConsoleFieldRole, string> = { enable: 'ads_enabled', hostDomain: 'ads_host', authorityHost: 'ads_authority', appId: 'ads_app_id', clientSecret: 'ads_client_secret', webhookSecret: 'ads_webhook_secret', ...options.names };
  const shown = options.hiddenUntilEnabled === false ? {} : { shownWhenOn: names.enable };
  return [
    hostnameGroup(options.hostname),
    {
      name: 'vcs',
      title: 'Version Control',
      items: [
        { name: 'github_enabled', type: 'bool', title: 'GitHub', default: '0', value: '0' },
        { name: 'github_app_id', type: 'text', title: 'GitHub App ID', default: '', required: true, shownWhenOn: 'github_enabled' },
        ...consoleFieldRoles.map((role) => {
          const title = CONSOLE_FIELDS[role].titles[0]!;
          return fieldItem(role, names[role], AS_SPELLED[role]?.(title) ?? title, shown);
        }),
      ],
    },
  ];
}

/** The tolerated variant: a group titled "Azure DevOps Services" whose items are titled "Application ID"… */
export function groupedAdsGroups(options: { hostname?: string } = {}): DoubleGroup[] {
  const shown = { shownWhenOn: 'ado_enable' };
  const names: Record<ConsoleFieldRole, string> = { enable: 'ado_enable', hostDomain: 'ado_host_domain', authorityHost: 'ado_authority_host', appId: 'ado_application_id', clientSecret: 'ado_client_secret', webhookSecret: 'ado_webhook_secret' };
  return [
    hostnameGroup(options.hostname),
    {
      name: 'azure_devops',
      title: CONSOLE_GROUP_TITLE,
      items: consoleFieldRoles.map((role) => {
        const field = CONSOLE_FIELDS[role];
        // The checkbox carries its full title here ("Enable Azure DevOps Services"); the host domain has a default.
        const title = role === 'enable' ? field.titles[1]! : field.groupTitles[0]!;
        const item = fieldItem(role, names[role], title, shown);
        delete item.validation;
        return role === 'hostDomain' ? { ...item, default: 'dev.azure.com' } : item;
      }),
    },
  ];
}
