import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page, Route } from '@playwright/test';
import { adoAppList, adoAppView, adoRegister, entraPortalForApp, entraSecrets } from '../../test/fixtures/registration/pages';

/** One replica page: served at `url` (a real Azure URL); its markup comes from the one source (test/fixtures/registration/pages.ts). */
export interface ReplicaPage {
  url: string;
  html: string;
}

export interface Replica {
  /** The loopback server the pages actually come from. */
  loopback: string;
  /** Requests that reached the router but matched no replica (and were aborted). */
  unmatched: string[];
  set: (pages: readonly ReplicaPage[]) => void;
  close: () => Promise<void>;
}

function withoutHash(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.toString();
}

/**
 * Serves replica pages from a loopback HTTP server and maps them onto the real Azure URLs with Playwright request
 * routing, so each page runs with its real https origin (and the app's origin rules apply unchanged). Every other
 * request is aborted: the tests never reach the internet.
 */
export async function serveReplicas(page: Page, pages: readonly ReplicaPage[] = []): Promise<Replica> {
  let table = new Map<string, ReplicaPage>();
  const set = (list: readonly ReplicaPage[]) => {
    table = new Map(list.map((entry) => [withoutHash(entry.url), entry]));
  };
  set(pages);
  const server = http.createServer((request, response) => {
    const entry = table.get(decodeURIComponent((request.url ?? '/').slice(1)));
    if (!entry) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(entry.html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const loopback = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const unmatched: string[] = [];
  let closed = false;
  await page.route('**/*', async (route: Route) => {
    const url = route.request().url();
    if (url.startsWith(`${loopback}/`) || url.startsWith('http://127.0.0.1:')) return route.continue();
    const key = withoutHash(url);
    if (!table.has(key)) {
      unmatched.push(url);
      return route.abort('blockedbyclient');
    }
    // A page still loading when the test ends meets a closed server: its request is aborted, not an error.
    if (closed) return route.abort('blockedbyclient').catch(() => undefined);
    try {
      const response = await route.fetch({ url: `${loopback}/${encodeURIComponent(key)}` });
      return await route.fulfill({ response });
    } catch {
      return route.abort('blockedbyclient').catch(() => undefined);
    }
  });
  const close = () => {
    closed = true;
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { loopback, unmatched, set, close };
}

/** The real Azure addresses the replica pages are served under. */
export const AZURE = {
  register: 'https://aex.dev.azure.com/app/register?mkt=en-US',
  appView: 'https://app.vsaex.visualstudio.com/app/view?clientId=8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D',
  appList: 'https://app.vssps.visualstudio.com/profile/view',
  portalStart: 'https://portal.azure.com/',
  blade: 'https://reactblade.portal.azure.net/Microsoft_AAD_RegisteredApps/secrets.html',
  embed: 'https://ads.example.net/embed.html',
} as const;

/**
 * The happy-path replicas: the ADO register form, app list and app page; the Entra portal for one app (App
 * registrations, its Overview, Authentication, API permissions and Certificates & secrets) and its secrets blade.
 */
export const standardReplicaPages: readonly ReplicaPage[] = [
  { url: AZURE.register, html: adoRegister() },
  { url: AZURE.appList, html: adoAppList(AZURE.appView, AZURE.register) },
  { url: AZURE.appView, html: adoAppView() },
  { url: AZURE.portalStart, html: entraPortalForApp(AZURE.blade, AZURE.embed) },
  { url: AZURE.blade, html: entraSecrets() },
];
