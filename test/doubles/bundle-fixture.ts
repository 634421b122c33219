import { ProfileStore } from '../../src/main/vault/profile-store';
import { VaultService } from '../../src/main/vault/vault';
import type { SecretStore } from '../../src/main/vault/secret-store';
import { MemorySecretStore } from './memory-secret-store';
import { ConsoleState } from '../../src/main/console/console-state';

export const APP_ID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
/** Distinctive values so a grep for them over the plain-text parts means something. */
export const CLIENT_SECRET = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${'Q7x'.repeat(240)}.zZ9-tail`;
export const WEBHOOK_SECRET = 'c0ffee15deadbeef'.repeat(4);

export const CONSOLE_ITEMS = {
  enable: 'ads_enabled',
  hostDomain: 'ads_host_domain',
  authorityHost: 'ads_authority_host',
  appId: 'ads_app_id',
  clientSecret: 'ads_client_secret',
  webhookSecret: 'ads_webhook_secret',
} as const;

export interface ReadyOptions {
  /** The console's item names are known (as a push plan learns them). Default true. */
  mapping?: boolean;
  /** The console app's slug is known. Default true. */
  appSlug?: boolean;
}

/** Adds profile "prod", ready to export: app registered, both secrets in the keychain, console mapping known. */
export async function addReadyProfile(vault: VaultService, options: ReadyOptions = {}): Promise<void> {
  await vault.create({ id: 'prod', label: 'Stark Production', hostname: 'deepsource.stark.com', organization: 'Stark', provider: 'ado-oauth', appId: APP_ID, ...(options.appSlug === false ? {} : { appSlug: 'deepsource' }) });
  await vault.setSecret('prod', 'client-secret', CLIENT_SECRET);
  await vault.setSecret('prod', 'webhook-secret', WEBHOOK_SECRET);
  if (options.mapping !== false) await new ConsoleState(vault).recordMapping('prod', { mapping: { ...CONSOLE_ITEMS }, source: 'console' });
}

/** A vault (in-memory keychain unless given one) holding the ready profile "prod". */
export async function readyVault(options: ReadyOptions & { dataDir: string; secrets?: SecretStore; now?: () => Date }) {
  const secrets = options.secrets ?? new MemorySecretStore();
  const vault = new VaultService({ profiles: new ProfileStore({ dataDir: options.dataDir }), secrets, ...(options.now ? { now: options.now } : {}) });
  await addReadyProfile(vault, options);
  return { vault, secrets };
}
