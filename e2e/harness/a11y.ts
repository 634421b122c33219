import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const shots = path.resolve(__dirname, '../../test-results/screenshots/screens');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core on what the page shows now (WCAG 2.1 A/AA rules). Injected over the DevTools protocol, which the app's
 * CSP does not apply to; nothing of it stays in the app's own scripts.
 */
export async function axe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const runner = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await runner.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
}

/**
 * Moves the focus to `target` with Tab alone, from wherever it is, as a keyboard user would. Fails when `maxTabs`
 * presses never land on it: a control a keyboard cannot reach.
 */
async function tabTo(page: Page, target: Locator, maxTabs: number): Promise<void> {
  for (let tabs = 0; tabs <= maxTabs; tabs++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`keyboard: ${maxTabs} presses of Tab never reached ${target.toString()}`);
}

/** Reaches `target` with Tab alone and activates it with Enter (Space for a checkbox or radio). */
export async function pressByKeyboard(page: Page, target: Locator, maxTabs = 60): Promise<void> {
  await tabTo(page, target, maxTabs);
  const kind = await target.evaluate((el) => (el instanceof HTMLInputElement ? el.type : el.tagName.toLowerCase()));
  await page.keyboard.press(kind === 'checkbox' || kind === 'radio' ? 'Space' : 'Enter');
}

/** Types into `target` after reaching it with Tab alone. */
export async function typeByKeyboard(page: Page, target: Locator, text: string, maxTabs = 60): Promise<void> {
  await tabTo(page, target, maxTabs);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
}

export interface ScreenRecord {
  name: string;
  violations: { theme: string; violation: AxeViolation }[];
}

/**
 * One screen as the admin sees it: screenshots in light and dark at the window's size and at 900×600, and axe in
 * both themes. Returns the violations (the caller asserts none).
 */
/**
 * What the admin really sees on a screen with a built-in browser: the window's screenshot with the view's own page
 * drawn where the main process placed the view (test-results/screenshots/screens/NAME-composite.png).
 */
export async function composite(page: Page, view: { page: Page; bounds: { x: number; y: number; width: number; height: number }; visible: boolean }, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  const windowShot = (await page.screenshot()).toString('base64');
  const viewShot = view.visible ? (await view.page.screenshot()).toString('base64') : null;
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  const canvas = await page.context().newPage();
  try {
    await canvas.setViewportSize(size);
    const { x, y, width, height } = view.bounds;
    await canvas.setContent(
      `<body style="margin:0"><img src="data:image/png;base64,${windowShot}" style="position:absolute;left:0;top:0">${
        viewShot ? `<img src="data:image/png;base64,${viewShot}" style="position:absolute;left:${x}px;top:${y}px;width:${width}px;height:${height}px">` : ''
      }</body>`,
    );
    await canvas.screenshot({ path: path.join(shots, `${name}-composite.png`) });
  } finally {
    await canvas.close();
  }
}

export async function screen(page: Page, name: string): Promise<ScreenRecord> {
  mkdirSync(shots, { recursive: true });
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  const violations: ScreenRecord['violations'] = [];
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.screenshot({ path: path.join(shots, `${name}-${theme}.png`), fullPage: true });
    for (const violation of await axe(page)) violations.push({ theme, violation });
  }
  await page.setViewportSize({ width: 900, height: 600 });
  await page.screenshot({ path: path.join(shots, `${name}-900x600.png`) });
  await page.setViewportSize(size);
  await page.emulateMedia({ colorScheme: 'light' });
  return { name, violations };
}
