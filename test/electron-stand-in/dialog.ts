// `dialog`: native dialogs answer what the test scripted, and every one shown is recorded.
export interface ShownDialog {
  kind: 'save' | 'open' | 'message' | 'error';
  /** True when attached to a window (a modal sheet), as Electron's first argument allows. */
  modal: boolean;
  options: Record<string, unknown>;
}

export class StandInDialog {
  readonly shown: ShownDialog[] = [];
  /** The answers the next dialogs give: a path (or null for Cancel), a button index. */
  answers = { save: null as string | null, open: null as string | null, messageBox: 0 };
  readonly #windowClass: (value: unknown) => boolean;

  constructor(isWindow: (value: unknown) => boolean) {
    this.#windowClass = isWindow;
  }

  #args(args: unknown[]): { modal: boolean; options: Record<string, unknown> } {
    const modal = this.#windowClass(args[0]);
    return { modal, options: (modal ? args[1] : args[0]) as Record<string, unknown> };
  }

  async showSaveDialog(...args: unknown[]): Promise<Electron.SaveDialogReturnValue> {
    this.shown.push({ kind: 'save', ...this.#args(args) });
    const filePath = this.answers.save;
    return filePath === null ? { canceled: true, filePath: '' } : { canceled: false, filePath };
  }

  async showOpenDialog(...args: unknown[]): Promise<Electron.OpenDialogReturnValue> {
    this.shown.push({ kind: 'open', ...this.#args(args) });
    const filePath = this.answers.open;
    return filePath === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [filePath] };
  }

  async showMessageBox(...args: unknown[]): Promise<Electron.MessageBoxReturnValue> {
    this.shown.push({ kind: 'message', ...this.#args(args) });
    return { response: this.answers.messageBox, checkboxChecked: false };
  }

  showErrorBox(title: string, content: string): void {
    this.shown.push({ kind: 'error', modal: false, options: { title, content } });
  }
}
