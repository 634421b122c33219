import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator } from '@playwright/test';

const repoRoot = path.resolve(__dirname, '../..');

/** One path's count as the bench prints it. */
export interface ActionCount {
  /** In the app's own window: every click and typed field (the console password too). */
  app: string[];
  /** On Microsoft's pages (sign-in, consent, portal): every click and typed field, as the test did them. */
  azure: string[];
  /** Steps of Microsoft's documented procedure that no replica here serves, so none was clicked: listed, and counted. */
  documented: string[];
}

/**
 * Every admin action of a path goes through here, so a count is what the admin does, no more, no less: each click
 * and each typed field, in the app and on Microsoft's pages, from a new installation to a deployed console.
 */
export class AdminActions implements ActionCount {
  readonly app: string[] = [];
  readonly azure: string[] = [];
  readonly documented: string[] = [];

  async click(target: Locator, what: string): Promise<void> {
    await target.click();
    this.app.push(`click ${what}`);
  }

  async type(target: Locator, text: string, what: string): Promise<void> {
    await target.fill(text);
    this.app.push(`type ${what}`);
  }

  /** An action the admin takes on one of Microsoft's pages. */
  async inAzure(what: string, act: () => Promise<unknown>): Promise<void> {
    await act();
    this.azure.push(what);
  }

  /** Actions taken on Microsoft's pages by a helper that returns them (the sign-in). */
  tookInAzure(actions: readonly string[]): void {
    this.azure.push(...actions);
  }

  /** Documented steps the replica does not serve (so no test clicked them): counted, and said to be documented. */
  notReplicated(steps: readonly string[]): void {
    this.documented.push(...steps);
  }

  get total(): number {
    return this.app.length + this.azure.length + this.documented.length;
  }

  /** Prints the count (CI output) and records it (`npm run bench:renderer` names its own file). */
  report(flow: string): void {
    console.log(`admin actions, ${flow} (new installation → deployed): ${this.total} = app ${this.app.length} + Azure ${this.azure.length}${this.documented.length ? ` + documented, not replicated ${this.documented.length}` : ''}`);
    const file = process.env['ADS_SETUP_ADMIN_ACTIONS_FILE'] || path.join(repoRoot, 'test-results', 'admin-actions.json');
    mkdirSync(path.dirname(file), { recursive: true });
    const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    const entry: ActionCount & { total: number } = { total: this.total, app: this.app, azure: this.azure, documented: this.documented };
    writeFileSync(file, JSON.stringify({ ...previous, [flow]: entry }, null, 2));
  }
}
