import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startEntraGraphDouble, type EntraGraphDouble, type EntraGraphDoubleOptions } from '../../src/demo/entra-graph';
import type { SystemBrowser } from '../../src/main/entra-graph/admin-sign-in';
import { chromiumExecutable, chromiumFlags } from '../../src/main/registration/chromium/launch';
import { spkiSha256 } from '../../src/main/tls/certificate-trust';

/**
 * The tests' Entra + Graph double, presenting the certificate test/entra-tls-setup.ts made and put in
 * NODE_EXTRA_CA_CERTS (the trust a private endpoint gets in a real run), and the "system browser": real Chromium
 * opening the exact address MSAL hands to openBrowser, trusting exactly that certificate, driven like an admin.
 */

export function entraTestCertificate(): { key: string; cert: string } {
  const dir = process.env['ADS_TEST_ENTRA_TLS_DIR'];
  if (!dir) throw new Error('ADS_TEST_ENTRA_TLS_DIR is not set: run under vitest or Playwright (test/entra-tls-setup.ts makes the certificate).');
  return { key: readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
}

export function startTestEntra(options: Omit<EntraGraphDoubleOptions, 'certificate'> = {}): Promise<EntraGraphDouble> {
  return startEntraGraphDouble({ certificate: entraTestCertificate(), ...options });
}

/** The admin's browser: every address opened becomes a real Chromium tab the test can drive. */
export class ChromiumSystemBrowser implements SystemBrowser {
  readonly opened: string[] = [];
  #browser: Browser | undefined;
  #context: BrowserContext | undefined;
  #waiters: ((page: Page) => void)[] = [];
  #pages: Page[] = [];

  async open(url: string): Promise<void> {
    this.opened.push(url);
    if (!this.#context) {
      this.#browser = await chromium.launch({
        executablePath: chromiumExecutable(process.env),
        args: [...chromiumFlags, `--ignore-certificate-errors-spki-list=${spkiSha256(entraTestCertificate().cert)}`],
      });
      this.#context = await this.#browser.newContext();
    }
    const page = await this.#context.newPage();
    await page.goto(url);
    const waiter = this.#waiters.shift();
    if (waiter) waiter(page);
    else this.#pages.push(page);
  }

  /** The next tab opened (already loaded). */
  nextPage(): Promise<Page> {
    const page = this.#pages.shift();
    if (page) return Promise.resolve(page);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  async close(): Promise<void> {
    await this.#browser?.close();
  }
}

export interface AdminAtEntra {
  account: string;
  password: string;
  /** At "Permissions requested": accept (for oneself or the organization), cancel; absent when none is expected. */
  consent?: 'accept' | 'accept-for-organization' | 'cancel';
  /** At "Need admin approval": return without consent. */
  noConsent?: boolean;
}

/**
 * Signs in as an admin would on Microsoft's pages; returns each action taken (every click and typed field), so
 * the Azure side of a path can be counted honestly.
 */
export async function signInAtEntra(page: Page, admin: AdminAtEntra): Promise<string[]> {
  const actions: string[] = [];
  const act = async (what: string, run: () => Promise<unknown>) => {
    await run();
    actions.push(what);
  };
  await act('type account', () => page.getByLabel('Email, phone, or Skype').fill(admin.account));
  await act('click Next', () => page.getByRole('button', { name: 'Next' }).click());
  await act('type password', () => page.getByLabel('Password').fill(admin.password));
  await act('click Sign in', () => page.getByRole('button', { name: 'Sign in' }).click());
  await act('click No (stay signed in?)', () => page.getByRole('button', { name: 'No' }).click());
  if (admin.noConsent) await act('click Return without consent', () => page.getByRole('button', { name: 'Return to the application without granting consent' }).click());
  if (admin.consent === 'accept-for-organization') await act('tick Consent on behalf of your organization', () => page.getByLabel('Consent on behalf of your organization').check());
  if (admin.consent === 'cancel') await act('click Cancel', () => page.getByRole('button', { name: 'Cancel' }).click());
  else if (admin.consent) await act('click Accept', () => page.getByRole('button', { name: 'Accept' }).click());
  return actions;
}
