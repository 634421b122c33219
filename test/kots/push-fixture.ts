import { afterEach } from 'vitest';
import type { ConsoleAccess, PlanResult } from '../../src/shared/console';
import { ConsoleService, type ConsoleServiceOptions } from '../../src/main/console/console-service';
import { nodeConsoleTransport } from '../../src/main/console/node-transport';
import { ProfileStore } from '../../src/main/vault/profile-store';
import { VaultService } from '../../src/main/vault/vault';
import { MemorySecretStore } from '../doubles/memory-secret-store';
import { useTempDirs } from '../doubles/temp-dir';
import { startKotsDouble, type KotsDouble, type KotsDoubleOptions } from '../../src/demo/kots-console/double';

export const CONSOLE_PASSWORD = 'kots-Admin-pw-1';
export const APP_ID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
export const CLIENT_SECRET = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.' + 'Q'.repeat(720);
export const WEBHOOK_SECRET = 'a1b2c3d4'.repeat(8);

/** The plan of a plan result that must be ready (a test fails with the status it got instead). */
export function ready(result: PlanResult) {
  if (result.status !== 'ready') throw new Error(`expected a ready plan, got ${result.status}`);
  return result.plan;
}

/** Registers cleanup for doubles and services started by a test file. */
export function usePushFixture() {
  const tempDir = useTempDirs();
  const doubles: KotsDouble[] = [];
  const services: ConsoleService[] = [];
  afterEach(async () => {
    for (const service of services.splice(0)) service.close();
    for (const double of doubles.splice(0)) await double.close();
  });

  async function start(options: Partial<KotsDoubleOptions> = {}) {
    const double = await startKotsDouble({ password: CONSOLE_PASSWORD, deployDelayMs: 150, ...options });
    doubles.push(double);
    return double;
  }

  async function makeVault(consoleUrl?: string, provider: 'ado-oauth' | 'entra' = 'ado-oauth') {
    const dataDir = tempDir();
    const secrets = new MemorySecretStore();
    const vault = new VaultService({ profiles: new ProfileStore({ dataDir }), secrets });
    await vault.create({ id: 'stark', label: 'Stark', hostname: 'deepsource.stark.com', organization: 'stark', provider, appId: APP_ID, ...(consoleUrl ? { consoleUrl } : {}) });
    await vault.setSecret('stark', 'client-secret', CLIENT_SECRET);
    await vault.setSecret('stark', 'webhook-secret', WEBHOOK_SECRET);
    return { vault, secrets, dataDir };
  }

  function makeService(vault: VaultService, options: Partial<ConsoleServiceOptions> = {}) {
    const service = new ConsoleService({ vault, transport: nodeConsoleTransport, pollIntervalMs: 40, backoffMs: 1, requestTimeoutMs: 3000, ...options });
    services.push(service);
    return service;
  }

  return { start, makeVault, makeService, tempDir };
}

/** The password route's access, as the window and the CLI send it. */
export function byPassword(password: string, remember?: boolean): ConsoleAccess {
  return { via: 'password', values: { password, ...(remember ? { remember: true } : {}) } };
}
