// `shell.openExternal`: Electron hands the address to the OS, which opens the admin's default browser. Here every
// address is recorded, and the test's own "system browser" (real Chromium) may be given each one.
export class StandInShell {
  readonly opened: string[] = [];
  /** What the OS does with an opened address (a test's Chromium tab); without one it is only recorded. */
  systemBrowser: ((url: string) => Promise<void>) | null = null;
  #waiters: ((url: string) => void)[] = [];

  async openExternal(url: string, _options?: Electron.OpenExternalOptions): Promise<void> {
    // Electron refuses what is not a URL.
    new URL(url);
    this.opened.push(url);
    for (const wake of this.#waiters.splice(0)) wake(url);
    await this.systemBrowser?.(url);
  }

  /** The next address opened (or the `count`th ever). */
  nextOpened(count = this.opened.length + 1): Promise<string> {
    if (this.opened.length >= count) return Promise.resolve(this.opened[count - 1]!);
    return new Promise((resolve) => {
      const check = () => {
        if (this.opened.length >= count) resolve(this.opened[count - 1]!);
        else this.#waiters.push(check);
      };
      this.#waiters.push(check);
    });
  }
}
