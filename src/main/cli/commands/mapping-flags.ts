import type { ItemCandidate } from '../../../shared/console';
import { AppError } from '../../../shared/errors';
import { printable } from '../../../shared/printable';
import { consoleFieldRoles, type ConsoleFieldRole } from '../../../shared/profile';
import { shellQuote } from '../../../shared/shell-quote';

/** `--map ROLE=ITEM`, as push and bundle export take it: the admin's own choice of console item per field. */
export function parseMappings(values: unknown): Partial<Record<ConsoleFieldRole, string>> {
  const mapping: Partial<Record<ConsoleFieldRole, string>> = {};
  for (const entry of Array.isArray(values) ? (values as string[]) : []) {
    const match = /^([A-Za-z]+)=(.+)$/.exec(entry);
    const role = match?.[1] as ConsoleFieldRole | undefined;
    if (!match || !role || !(consoleFieldRoles as readonly string[]).includes(role)) {
      throw new AppError('INVALID_INPUT', `--map expects ROLE=ITEM with ROLE one of ${consoleFieldRoles.join(', ')}.`, 'For example: --map clientSecret=ads_client_secret');
    }
    mapping[role] = match[2] as string;
  }
  return mapping;
}

/** `--allow-plain-secret ITEM`, repeatable. */
export function plainSecretFlags(values: unknown): string[] {
  return Array.isArray(values) ? (values as string[]) : [];
}

export const MAPPING_FLAG_USAGE = `  --map ROLE=ITEM            The console item for a field; ROLE is one of
                             ${consoleFieldRoles.join(', ')}.
  --allow-plain-secret ITEM  Accept ITEM for a secret field although it is not a password item (KOTS stores it
                             unencrypted); remembered in the profile.`;

/**
 * A console item offered for a field, as push and bundle export print it: the `--map` flag to type, quoted for the
 * shell, then what the console calls the item. Names and titles are the console's words: shown inert.
 */
export function candidateLine(role: ConsoleFieldRole, candidate: ItemCandidate): string {
  const flag = printable(shellQuote(`${role}=${candidate.name}`));
  return `      --map ${flag}    (${printable(candidate.title || 'untitled')}, ${printable(candidate.type || 'text')}, group ${printable(candidate.group)})`;
}
