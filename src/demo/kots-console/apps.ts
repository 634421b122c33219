import { randomBytes } from 'node:crypto';
import { flatAdsGroups } from './layouts';
import { decryptValue, encryptValue } from './sealing';
import type { DoubleApp, DoubleItem, KotsDoubleOptions, VersionStatus } from './types';

export interface Version {
  sequence: number;
  status: VersionStatus;
  source: string;
  createdOn: string;
  values: Map<string, string>;
}

export interface AppState {
  app: DoubleApp;
  key: Buffer;
  /** The one nonce of a console before KOTS v1.129.2 (`fixedNonce`); undefined: a fresh nonce per value. */
  nonce: Buffer | undefined;
  versions: Version[];
  deployedSequence: number;
}

interface SentGroup {
  name?: unknown;
  when?: unknown;
  items?: Array<{ name?: unknown; type?: string; title?: string; value?: unknown; default?: string; required?: unknown; hidden?: unknown; when?: unknown; validation?: { regex?: { pattern: string; message: string } } }>;
}

/** Item types kotsadm validates (validation/validator.go validatableItemTypesMap). */
const VALIDATABLE = new Set(['', 'text', 'textarea', 'password', 'file']);

export type ValidationErrors = Array<{ name: string; item_errors: Array<{ name: string; validation_errors: Array<{ message: string }> }> }>;

/** The apps of one console and their versions, with KOTS' rules for rendering, merging and validating config. */
export class ConsoleApps {
  readonly #options: Pick<KotsDoubleOptions, 'omitHiddenItems' | 'newVersionStatus'>;
  readonly #now: () => number;
  readonly bySlug = new Map<string, AppState>();

  constructor(options: KotsDoubleOptions, now: () => number) {
    this.#options = options;
    this.#now = now;
    for (const app of options.apps ?? [{ slug: 'deepsource', name: 'DeepSource', groups: flatAdsGroups({ ...(options.deepsourceHost ? { hostname: options.deepsourceHost } : {}) }), pendingUpstreamVersion: true }]) {
      const key = randomBytes(32);
      const nonce = options.fixedNonce ? randomBytes(12) : undefined;
      const values = new Map<string, string>();
      for (const group of app.groups) for (const item of group.items) values.set(item.name, item.type === 'password' && item.value ? encryptValue(key, item.value, nonce) : (item.value ?? ''));
      const created = new Date(now()).toISOString();
      const versions: Version[] = [{ sequence: 0, status: app.nothingDeployed ? 'pending' : 'deployed', source: 'Online Install', createdOn: created, values }];
      if (app.pendingUpstreamVersion) versions.push({ sequence: 1, status: 'pending', source: 'Upstream Update', createdOn: created, values: new Map(values) });
      if (app.pendingDownloadVersion) versions.push({ sequence: versions.length, status: 'pending_download', source: 'Upstream Update', createdOn: created, values: new Map(values) });
      this.bySlug.set(app.slug, { app, key, nonce, versions, deployedSequence: app.nothingDeployed ? -1 : 0 });
    }
  }

  /** The app, for the handles a test holds (throws: a test asked for an app it did not configure). */
  state(slug: string): AppState {
    const state = this.bySlug.get(slug);
    if (!state) throw new Error(`no app ${slug} in the double`);
    return state;
  }

  version(slug: string, sequence?: number): Version {
    const state = this.state(slug);
    const version = sequence === undefined ? latest(state) : state.versions.find((v) => v.sequence === sequence);
    if (!version) throw new Error(`no version ${String(sequence)}`);
    return version;
  }

  renderGroups(state: AppState, values: Map<string, string>) {
    const rendered = state.app.groups.map((group) => ({
      name: group.name,
      title: group.title,
      ...(group.description ? { description: group.description } : {}),
      when: group.when ?? 'true',
      items: group.items.map((item) => ({
        name: item.name,
        type: item.type,
        title: item.title ?? '',
        default: item.default ?? '',
        value: values.get(item.name) ?? '',
        ...(item.help_text ? { help_text: item.help_text } : {}),
        ...(item.required ? { required: true } : {}),
        ...(item.hidden ? { hidden: true } : {}),
        when: item.shownWhenOn !== undefined ? (values.get(item.shownWhenOn) === '1' ? 'true' : 'false') : (item.when ?? 'true'),
        ...(item.validation ? { validation: item.validation } : {}),
      })),
    }));
    if (!this.#options.omitHiddenItems) return rendered;
    return rendered.map((group) => ({ ...group, items: group.items.filter((item) => item.when !== 'false') }));
  }

  /** Applies the sent items onto a copy of `base` with KOTS' password rule; unknown items are ignored. */
  merge(state: AppState, base: Map<string, string>, groups: unknown): Map<string, string> {
    const values = new Map(base);
    const known = new Map(state.app.groups.flatMap((g) => g.items.map((i) => [i.name, i] as const)));
    if (!Array.isArray(groups)) return values;
    for (const group of groups as Array<{ items?: unknown }>) {
      if (!Array.isArray(group?.items)) continue;
      for (const sent of group.items as Array<{ name?: unknown; value?: unknown }>) {
        if (typeof sent?.name !== 'string' || !('value' in sent)) continue;
        const item = known.get(sent.name);
        if (!item) continue;
        // A JSON true is stored as "true", as in KOTS: clients must send "1"/"0".
        const value = typeof sent.value === 'string' ? sent.value : String(sent.value);
        if (item.type === 'password' && value !== '') values.set(item.name, decryptValue(state.key, value) !== null ? value : encryptValue(state.key, value, state.nonce));
        else values.set(item.name, value);
      }
    }
    return values;
  }

  validate(state: AppState, values: Map<string, string>): { validationErrors: ValidationErrors; required: DoubleItem[] } {
    const validationErrors: ValidationErrors = [];
    const required: DoubleItem[] = [];
    for (const group of state.app.groups) {
      if (group.when === 'false') continue;
      const itemErrors: ValidationErrors[number]['item_errors'] = [];
      for (const item of group.items) {
        if (!shown(item, values)) continue;
        const value = values.get(item.name) ?? '';
        if (item.required && value === '' && (item.default ?? '') === '') required.push(item);
        const plain = item.type === 'password' ? (decryptValue(state.key, value) ?? value) : value;
        if (item.validation && plain !== '' && !new RegExp(item.validation.regex.pattern).test(plain)) {
          itemErrors.push({ name: item.name, validation_errors: [{ message: item.validation.regex.message }] });
        }
      }
      if (itemErrors.length > 0) validationErrors.push({ name: group.name, item_errors: itemErrors });
    }
    return { validationErrors, required };
  }

  /**
   * kotsadm's check of a save (handlers/config.go UpdateAppConfig): only the items sent, with the `validation`,
   * `required`, `hidden` and `when` they were sent with; an item sent without `validation` is never validated.
   */
  validateSubmitted(state: AppState, groups: unknown): { validationErrors: ValidationErrors; required: Array<{ name: string; title?: string }> } {
    const validationErrors: ValidationErrors = [];
    const required: Array<{ name: string; title?: string }> = [];
    for (const group of Array.isArray(groups) ? (groups as SentGroup[]) : []) {
      if (group?.when === 'false' || !Array.isArray(group?.items)) continue;
      const itemErrors: ValidationErrors[number]['item_errors'] = [];
      for (const item of group.items) {
        if (typeof item?.name !== 'string' || item.hidden === true || item.when === 'false') continue;
        const value = typeof item.value === 'string' ? item.value : String(item.value ?? '');
        if (item.required === true && value === '' && (item.default ?? '') === '') required.push({ name: item.name, ...(item.title ? { title: item.title } : {}) });
        const regex = item.validation?.regex;
        if (!regex || !VALIDATABLE.has(item.type ?? '') || value === '') continue;
        const plain = item.type === 'password' ? (decryptValue(state.key, value) ?? value) : value;
        if (!new RegExp(regex.pattern).test(plain)) itemErrors.push({ name: item.name, validation_errors: [{ message: regex.message }] });
      }
      if (itemErrors.length > 0) validationErrors.push({ name: String(group.name ?? ''), item_errors: itemErrors });
    }
    return { validationErrors, required };
  }

  /** A saved version: pending_config while a shown required item is empty (kotsadm's needsConfig), else as configured. */
  newVersion(state: AppState, values: Map<string, string>): Version {
    const max = Math.max(...state.versions.map((v) => v.sequence));
    const needsConfig = this.validate(state, values).required.length > 0;
    const version: Version = { sequence: max + 1, status: needsConfig ? 'pending_config' : (this.#options.newVersionStatus ?? 'pending'), source: 'Config Change', createdOn: new Date(this.#now()).toISOString(), values };
    state.versions.push(version);
    return version;
  }

  /** Sets values as an admin would in the UI: a new Config Change version on top of the latest. */
  edit(slug: string, values: Record<string, string>): void {
    const state = this.state(slug);
    this.newVersion(state, this.merge(state, latest(state).values, [{ items: Object.entries(values).map(([name, value]) => ({ name, value })) }]));
  }

  /** `kubectl kots get config --decrypt` for one version. */
  decrypted(slug: string, sequence?: number): Record<string, string> {
    const state = this.state(slug);
    const out: Record<string, string> = {};
    const types = new Map(state.app.groups.flatMap((g) => g.items.map((i) => [i.name, i.type] as const)));
    for (const [name, value] of this.version(slug, sequence).values) out[name] = types.get(name) === 'password' && value !== '' ? (decryptValue(state.key, value) ?? '<undecryptable>') : value;
    return out;
  }
}

export function latest(state: AppState): Version {
  const candidates = state.versions.filter((v) => v.status !== 'pending_download');
  return candidates.reduce((a, b) => (b.sequence > a.sequence ? b : a));
}

function shown(item: DoubleItem, values: Map<string, string>): boolean {
  if (item.hidden) return false;
  if (item.when === 'false') return false;
  if (item.shownWhenOn !== undefined && values.get(item.shownWhenOn) !== '1') return false;
  return true;
}

/** The app as `GET /api/v1/app/<slug>` shows it. */
export function appJson(state: AppState) {
  const deployed = state.versions.find((v) => v.sequence === state.deployedSequence);
  return {
    id: `app-${state.app.slug}`,
    slug: state.app.slug,
    name: state.app.name,
    isConfigurable: true,
    currentSequence: latest(state).sequence,
    downstream: {
      name: 'this-cluster',
      currentVersion: deployed ? { sequence: deployed.sequence, parentSequence: deployed.sequence, status: deployed.status, source: deployed.source } : null,
      pendingVersions: state.versions
        .filter((v) => v.sequence > state.deployedSequence)
        .sort((a, b) => b.sequence - a.sequence)
        .map((v) => ({ sequence: v.sequence, parentSequence: v.sequence, status: v.status, source: v.source })),
    },
  };
}
