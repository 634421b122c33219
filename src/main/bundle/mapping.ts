import { AppError } from '../../shared/errors';
import { APP_SLUG } from '../../shared/identifiers';
import { consoleFieldRoles, consoleItemNameSchema, type ConsoleFieldRole, type MappingSource, type Profile } from '../../shared/profile';
import type { MappingProposal } from '../../shared/bundle';
import { decideMapping, discoverItems, type RoleMapping } from '../console/items';
import type { KotsGroup } from '../console/kots-types';
import type { VaultService } from '../vault/vault';
import { shellQuote } from '../../shared/shell-quote';

/**
 * The console mapping for a bundle when the admin's machine cannot reach the console: a discovery script the admin
 * runs on the console host (kubectl and POSIX tools only) prints the app's config items with their titles; the file
 * it prints is matched here by title exactly as a push matches the live console, and the admin confirms the match.
 */

export const DISCOVERY_HEADER = '# ads-setup console items v1';
const MAX_ITEMS = 5000;

/**
 * Reads a Config spec (kots.io/v1beta1, kind Config) in any block layout — the vendor's own upstream file or KOTS'
 * rendered kotsKinds copy with sorted keys and unindented sequences — by indentation: spec.groups[].items[] give
 * name, type and title (a group's items are printed when the group ends, since its name may follow them); choices
 * (items under an item) are skipped, block scalars passed over.
 */
const CONFIG_AWK = String.raw`
function ind(s) { match(s, /^ */); return RLENGTH }
function unq(v) {
  sub(/^[ \t]+/, "", v); sub(/[ \t\r]+$/, "", v)
  if (v ~ /^".*"$/) { v = substr(v, 2, length(v) - 2); gsub(/\\"/, "\"", v); gsub(/\\\\/, "\\", v) }
  else if (v ~ /^'.*'$/) { v = substr(v, 2, length(v) - 2); gsub(/''/, "'", v) }
  else sub(/[ \t]+#.*$/, "", v)
  gsub(/\t/, " ", v); return v
}
function pop() {
  if (ft[sp] == "e" && fo[sp] == "items" && sp > 2 && ft[sp - 2] == "e" && fo[sp - 2] == "groups") {
    if (iname != "") gi[++gn] = iname "\t" itype "\t" ititle
    iname = ""; itype = ""; ititle = ""
  } else if (ft[sp] == "e" && fo[sp] == "groups") {
    for (j = 1; j <= gn; j++) out[++n] = "item\t" gname "\t" gtitle "\t" gi[j]
    gn = 0; gname = ""; gtitle = ""
  }
  sp--
}
function doc() { while (sp > 0) pop(); if (kind == "Config") for (i = 1; i <= n; i++) print out[i]; n = 0; kind = ""; skip = -1 }
FNR == 1 { doc() }
/^---/ { doc(); next }
/^[ \t]*(#.*)?$/ { next }
{
  d = ind($0); rest = substr($0, d + 1)
  if (skip >= 0) { if (d > skip) next; skip = -1 }
  while (rest ~ /^-( |$)/) {
    while (sp > 0 && ((ft[sp] == "e" && fi[sp] >= d) || (ft[sp] == "k" && fi[sp] > d))) pop()
    owner = (sp > 0 && ft[sp] == "k") ? fn[sp] : ""
    sp++; ft[sp] = "e"; fi[sp] = d; fo[sp] = owner
    match(rest, /^- */); d += RLENGTH; rest = substr(rest, RLENGTH + 1)
    if (rest == "") next
  }
  if (rest !~ /^[^ :#][^:]*:( |$)/) next
  key = rest; sub(/:( .*)?$/, "", key); key = unq(key)
  val = substr(rest, index(rest, ":") + 1); val = unq(val)
  while (sp > 0 && fi[sp] >= d) pop()
  sp++; ft[sp] = "k"; fi[sp] = d; fn[sp] = key
  if (val ~ /^[|>][-+0-9]*$/) skip = d
  if (sp == 1 && key == "kind") kind = val
  if (sp > 3 && ft[sp - 1] == "e" && fo[sp - 1] == "items" && ft[sp - 3] == "e" && fo[sp - 3] == "groups") {
    if (key == "name") iname = val; else if (key == "type") itype = val; else if (key == "title") ititle = val
  } else if (sp > 1 && ft[sp - 1] == "e" && fo[sp - 1] == "groups") {
    if (key == "name") gname = val; else if (key == "title") gtitle = val
  }
}
END { doc() }
`;

/**
 * The discovery script, run on the console host: `sh discover.sh > ads-console-items.txt`. It downloads the app's
 * files with `kubectl kots download` into a temporary folder (removed on exit), reads the Config spec from the
 * rendered kotsKinds copy (or the upstream files when there is none) and prints one line per item. It prints no value.
 */
export function discoveryScript(options: { appSlug?: string; namespace?: string } = {}): string {
  const app = options.appSlug ?? 'deepsource';
  const namespace = options.namespace ?? 'deepsource-application';
  return `#!/bin/sh
# ADS Setup Assistant: the console items of the DeepSource app (name, type, title — never a value), for the bundle
# mapping. On the console host, with kubectl and its kots plugin:  sh discover.sh > ads-console-items.txt
# Then, on the admin machine:  ads-setup bundle export --profile ID --mapping-file ads-console-items.txt …
set -eu
APP=\${ADS_SETUP_APP:-${shellQuote(app)}}
NAMESPACE=\${ADS_SETUP_NAMESPACE:-${shellQuote(namespace)}}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
kubectl kots download "$APP" -n "$NAMESPACE" --dest "$D" --overwrite >/dev/null
SPECS="$D/$APP/kotsKinds"
[ -n "$(find "$SPECS" -type f -name '*.y*ml' 2>/dev/null | head -n 1)" ] || SPECS="$D/$APP/upstream"
printf '%s\\n# from kubectl kots download %s -n %s\\napp\\t%s\\n' '${DISCOVERY_HEADER}' "$APP" "$NAMESPACE" "$APP"
find "$SPECS" -type f \\( -name '*.yaml' -o -name '*.yml' \\) ! -path '*/userdata/*' | sort > "$D/specs"
[ -s "$D/specs" ] || { echo "ads-setup: no Config spec found in the app's files" >&2; exit 1; }
# shellcheck disable=SC2046
awk '${CONFIG_AWK.replace(/'/g, `'\\''`).trim()}' $(cat "$D/specs")
`;
}

export interface Discovered {
  appSlug?: string;
  groups: KotsGroup[];
  itemCount: number;
}

function notDiscovery(detail: string): AppError {
  return new AppError('INVALID_INPUT', `This is not the file the discovery script prints: ${detail}.`, 'Run `sh discover.sh > ads-console-items.txt` on the console host (ads-setup bundle discovery-script prints discover.sh) and give that file.');
}

/** Reads the discovery script's output: the app slug and the items, grouped as the console groups them. */
export function parseDiscovery(text: string): Discovered {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== DISCOVERY_HEADER) throw notDiscovery(`its first line is not "${DISCOVERY_HEADER}"`);
  const groups = new Map<string, KotsGroup>();
  let appSlug: string | undefined;
  let count = 0;
  for (const [index, line] of lines.entries()) {
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split('\t');
    if (fields[0] === 'app' && fields.length === 2 && APP_SLUG.test(fields[1]!)) {
      appSlug = fields[1];
      continue;
    }
    if (fields[0] !== 'item' || fields.length !== 6) throw notDiscovery(`line ${index + 1} is not an item line`);
    const [, groupName = '', groupTitle = '', name = '', type = '', title = ''] = fields;
    if (!consoleItemNameSchema.safeParse(name).success) throw notDiscovery(`line ${index + 1} names no usable item`);
    if (++count > MAX_ITEMS) throw notDiscovery(`it lists more than ${MAX_ITEMS} items`);
    const key = groupName || '(no group)';
    const group = groups.get(key) ?? { name: key, title: groupTitle, items: [] };
    group.items.push({ name, type, title });
    groups.set(key, group);
  }
  if (count === 0) throw notDiscovery('it lists no item');
  return { ...(appSlug ? { appSlug } : {}), groups: [...groups.values()], itemCount: count };
}

/** Matches the discovered items by title exactly as a push does; the admin's `chosen` items win. */
export function proposeMapping(discovered: Discovered, chosen: RoleMapping, plainConfirmed: readonly string[]): MappingProposal {
  const decision = decideMapping(discovered.groups, discoverItems(discovered.groups, chosen, {}), plainConfirmed);
  const byName = new Map(discovered.groups.flatMap((g) => g.items.map((i) => [i.name, i] as const)));
  const matched = Object.fromEntries(
    Object.entries(decision.mapping).map(([role, name]) => [role, { name, title: byName.get(name)?.title ?? '', type: byName.get(name)?.type ?? '', by: chosen[role as ConsoleFieldRole] !== undefined ? 'admin' : 'title' }]),
  ) as MappingProposal['matched'];
  return {
    ...(discovered.appSlug ? { appSlug: discovered.appSlug } : {}),
    itemCount: discovered.itemCount,
    matched,
    missing: decision.missing,
    ambiguous: decision.ambiguous,
    plainSecret: decision.plainSecret,
    candidates: decision.candidates,
    complete: decision.complete,
  };
}

export interface MappingChoice {
  mapping: RoleMapping;
  appSlug?: string;
  source: MappingSource;
  plainSecretItems?: string[];
}

/** Saves a full mapping (every role, each its own item) and the app slug in the profile. */
export async function saveMapping(vault: VaultService, profileId: string, choice: MappingChoice): Promise<Profile> {
  const missing = consoleFieldRoles.filter((role) => !choice.mapping[role]);
  if (missing.length > 0) throw new AppError('NEEDS_MAPPING', `The console item names for ${missing.join(', ')} are still missing.`, 'Give every field its console item (command line: --map ROLE=ITEM).');
  const names = consoleFieldRoles.map((role) => choice.mapping[role] as string);
  for (const name of names) if (!consoleItemNameSchema.safeParse(name).success) throw new AppError('INVALID_INPUT', 'A console item name is empty or holds blanks or control characters.', 'Copy the item names from the discovery file or `kubectl kots get config`.');
  if (new Set(names).size !== names.length) throw new AppError('INVALID_INPUT', 'Two fields are mapped to the same console item.', 'Give each field its own item.');
  return vault.recordConsoleMapping(profileId, {
    mapping: Object.fromEntries(consoleFieldRoles.map((role) => [role, choice.mapping[role] as string])),
    source: choice.source,
    ...(choice.appSlug ? { appSlug: choice.appSlug } : {}),
    ...(choice.plainSecretItems && choice.plainSecretItems.length > 0 ? { plainSecretItems: choice.plainSecretItems } : {}),
  });
}
