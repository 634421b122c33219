import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { AppError } from '../../../shared/errors';
import { originOf } from '../../../shared/origin';
import { launchChromium } from './launch';

export interface PageSource {
  /** A saved page to serve as if it came from `asUrl` (so origin rules apply). */
  html?: string | undefined;
  asUrl?: string | undefined;
  /** Or a live URL to load. */
  url?: string | undefined;
}

export interface OpenedPage {
  page: Page;
  close: () => Promise<void>;
}

function withoutHash(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.toString();
}

/**
 * Opens a page in Chromium for the CLI. With `html`, the file is served for exactly `asUrl` through request
 * routing, and every other request is refused (the page runs offline, under its real origin).
 */
export async function openPage(source: PageSource, env: Readonly<Record<string, string | undefined>>): Promise<OpenedPage> {
  const target = source.html !== undefined ? source.asUrl : source.url;
  if (target === undefined) throw new AppError('BAD_REQUEST', 'No page given.', 'Pass --html FILE --as-url URL, or --url URL.');
  let body: string | undefined;
  if (source.html !== undefined) {
    try {
      body = await readFile(source.html, 'utf8');
    } catch {
      throw new AppError('NOT_FOUND', `Cannot read ${source.html}.`, 'Check the path of the saved page (--html).');
    }
  }
  let browser: Browser;
  try {
    browser = await launchChromium(env);
  } catch {
    throw new AppError('BROWSER_UNAVAILABLE', 'Chromium could not be started.', 'Install Chromium (Debian: apt-get install chromium) or point ADS_SETUP_CHROMIUM at a Chromium binary.');
  }
  try {
    const context = await browser.newContext({ acceptDownloads: false, serviceWorkers: 'block' });
    const page = await context.newPage();
    if (body !== undefined) {
      const wanted = withoutHash(target);
      const html = body;
      await page.route('**/*', (route) =>
        withoutHash(route.request().url()) === wanted
          ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html })
          : route.abort('blockedbyclient'),
      );
    }
    await page.goto(target, { waitUntil: 'load', timeout: 30_000 });
    return { page, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    if (error instanceof AppError) throw error;
    throw new AppError('INTERNAL', `The page ${originOf(target) ?? target} could not be loaded.`, 'Check the URL and your network, or save the page and use --html FILE --as-url URL.');
  }
}
