import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import keytar from 'keytar';
import type { EntraGraphDouble, TenantOptions } from '../../src/demo/entra-graph';
import { entraEndpoints } from '../../src/main/entra-graph/clouds';
import { EntraGraphService } from '../../src/main/entra-graph/service';
import { nodeHttpsClient } from '../../src/main/entra-graph/https-client';
import { KeytarSecretStore } from '../../src/main/vault/keytar-store';
import { ProfileStore } from '../../src/main/vault/profile-store';
import type { SecretStore } from '../../src/main/vault/secret-store';
import { VaultService } from '../../src/main/vault/vault';
import { ChromiumSystemBrowser, startTestEntra } from './double';

export const ADMIN = { account: 'admin@contoso.onmicrosoft.com', password: 'pw-Admin-1' };
export const DEV = { account: 'dev@contoso.onmicrosoft.com', password: 'pw-Dev-1' };

export const CONTOSO: TenantOptions = {
  domain: 'contoso.onmicrosoft.com',
  users: [
    { userPrincipalName: ADMIN.account, password: ADMIN.password, roles: ['Application Administrator'] },
    { userPrincipalName: DEV.account, password: DEV.password },
  ],
};

/** A clock both the double and the service read: proof retries wait on it (instantly), never on real time. */
export class TestClock {
  ms = Date.now();
  readonly waits: number[] = [];
  /** Called at each wait, before the clock moves on (a test looks at the run's state there). */
  onWait: () => void = () => undefined;
  now = () => this.ms;
  date = () => new Date(this.ms);
  wait = async (ms: number) => {
    this.waits.push(ms);
    this.onWait();
    this.ms += ms;
  };
}

export interface EntraFixture {
  double: EntraGraphDouble;
  browser: ChromiumSystemBrowser;
  vault: VaultService;
  secrets: SecretStore;
  service: EntraGraphService;
  clock: TestClock;
  /** A second service (and browser) for another admin: nothing signed in yet. */
  freshService: () => { service: EntraGraphService; browser: ChromiumSystemBrowser };
  close: () => Promise<void>;
}

/** The double (one tenant), a vault on the real gnome-keyring (its own service), and the service wired to both. */
export async function entraFixture(tenant: TenantOptions = CONTOSO, secrets?: SecretStore): Promise<EntraFixture> {
  const clock = new TestClock();
  const double = await startTestEntra({ tenants: [tenant], now: clock.now });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ads-setup-entra-'));
  const keychainService = `ads-setup-test-entra-${randomBytes(6).toString('hex')}`;
  const store = secrets ?? new KeytarSecretStore({ service: keychainService });
  const vault = new VaultService({ profiles: new ProfileStore({ dataDir }), secrets: store, now: clock.date });
  const browsers: ChromiumSystemBrowser[] = [];
  const make = () => {
    const browser = new ChromiumSystemBrowser();
    browsers.push(browser);
    const service = new EntraGraphService({
      vault,
      http: nodeHttpsClient(),
      browser,
      randomId: randomUUID,
      now: clock.date,
      wait: clock.wait,
      endpointsFor: (cloud) => ({ ...entraEndpoints(cloud), loginUrl: double.loginUrl, graphUrl: double.graphUrl }),
    });
    return { service, browser };
  };
  const first = make();
  return {
    double,
    browser: first.browser,
    vault,
    secrets: store,
    service: first.service,
    clock,
    freshService: make,
    close: async () => {
      await Promise.allSettled(browsers.map((b) => b.close()));
      await double.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (!secrets) for (const { account } of await keytar.findCredentials(keychainService)) await keytar.deletePassword(keychainService, account);
    },
  };
}
