import type { MappingProposal } from '../../../shared/bundle';
import { AppError } from '../../../shared/errors';
import { printable } from '../../../shared/printable';
import { consoleFieldRoles } from '../../../shared/profile';
import { parseDiscovery, proposeMapping, saveMapping } from '../../bundle/mapping';
import { readSmallFile } from '../../files/small-file';
import type { VaultService } from '../../vault/vault';
import type { CliIo } from '../io';
import { candidateLine, parseMappings, plainSecretFlags } from './mapping-flags';

/** Exit code of `bundle export` when a mapping must be completed or confirmed first (as `push`). */
export const NEEDS_DECISION = 2;

export interface MappingFlags {
  map: unknown;
  mappingFile: string | undefined;
  app: string | undefined;
  allowPlainSecret: unknown;
  yes: boolean;
  json: boolean;
}

function describe(proposal: MappingProposal, source: string): string[] {
  const lines = [`Console items from ${printable(source)} (${proposal.appSlug ? `app ${printable(proposal.appSlug)}, ` : ''}${proposal.itemCount} items):`];
  for (const role of consoleFieldRoles) {
    const match = proposal.matched[role];
    if (match) lines.push(`  ${role.padEnd(14)} ${printable(match.name).padEnd(28)} "${printable(match.title)}" (${printable(match.type || 'text')}, ${match.by === 'admin' ? 'your --map' : 'matched by title'})`);
  }
  for (const role of [...proposal.missing, ...proposal.ambiguous, ...proposal.plainSecret]) {
    const why = proposal.missing.includes(role) ? 'no item with the documented title' : proposal.ambiguous.includes(role) ? 'several items match' : 'not a password item: KOTS would store the secret unencrypted';
    lines.push(`  ${role.padEnd(14)} ? ${why}; candidates:`);
    for (const c of proposal.candidates[role] ?? []) lines.push(candidateLine(role, c));
  }
  return lines;
}

/**
 * Settles the profile's console mapping from `--mapping-file` (the discovery script's output, matched by title and
 * confirmed by the admin) and/or `--map` (typed), and `--app`. Returns an exit code when the export must stop.
 */
export async function settleMapping(io: CliIo, vault: VaultService, profileId: string, flags: MappingFlags): Promise<number | undefined> {
  const chosen = parseMappings(flags.map);
  const profile = await vault.get(profileId);
  const plainAccepted = [...new Set([...(profile.plainSecretItems ?? []), ...plainSecretFlags(flags.allowPlainSecret)])];
  const say = (lines: string[]) => io.stderr(`${lines.join('\n')}\n`);
  if (flags.mappingFile !== undefined) {
    let text: string;
    try {
      text = (await readSmallFile(flags.mappingFile, 1024 * 1024)).toString('utf8');
    } catch {
      throw new AppError('NOT_FOUND', `Cannot read the mapping file ${flags.mappingFile} (a regular file of at most 1 MB).`, 'Give the file `sh discover.sh > ads-console-items.txt` wrote on the console host.');
    }
    const discovered = parseDiscovery(text);
    const proposal = proposeMapping(discovered, chosen, plainAccepted);
    if (flags.json) io.stdout(`${JSON.stringify({ mapping: proposal })}\n`);
    say(describe(proposal, flags.mappingFile));
    if (!proposal.complete) {
      say(['error: some fields still need their console item.', '  remedy: run again with --map ROLE=ITEM for each field marked ? (or --allow-plain-secret ITEM); the choice is saved in the profile.']);
      return NEEDS_DECISION;
    }
    if (!flags.yes) {
      if (!io.stdinIsTTY) {
        say(['error: the mapping needs your confirmation; nothing was written.', '  remedy: check the items above, then run again with --yes.']);
        return NEEDS_DECISION;
      }
      const answer = await io.promptHidden(`Type "yes" to use these console items for profile ${profileId}: `);
      if (answer.trim().toLowerCase() !== 'yes') {
        say(['error: not confirmed; nothing was written.']);
        return NEEDS_DECISION;
      }
    }
    const byAdmin = consoleFieldRoles.every((role) => proposal.matched[role]?.by === 'admin');
    const appSlug = flags.app ?? discovered.appSlug;
    await saveMapping(vault, profileId, {
      mapping: Object.fromEntries(consoleFieldRoles.map((role) => [role, proposal.matched[role]!.name])),
      ...(appSlug ? { appSlug } : {}),
      source: byAdmin ? 'manual' : 'discovery',
      plainSecretItems: plainAccepted,
    });
    return undefined;
  }
  if (Object.keys(chosen).length > 0) {
    const mapping = { ...profile.consoleItems, ...chosen };
    const missing = consoleFieldRoles.filter((role) => !mapping[role]);
    if (missing.length > 0) {
      say([`error: the console items for ${missing.join(', ')} are not known yet.`, '  remedy: give every field with --map ROLE=ITEM, or read them from the console host with --mapping-file (ads-setup bundle discovery-script).']);
      return NEEDS_DECISION;
    }
    say(['note: typed names cannot be checked against the console here; the host script checks them (kubectl kots get config) before it writes.']);
    await saveMapping(vault, profileId, { mapping, ...(flags.app ? { appSlug: flags.app } : {}), source: 'manual', plainSecretItems: plainAccepted });
    return undefined;
  }
  if (flags.app !== undefined) await vault.update(profileId, { appSlug: flags.app });
  return undefined;
}
