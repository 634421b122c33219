// `app`: the lifecycle Electron gives a main script — single-instance lock, ready, quit with before-quit /
// will-quit (both preventable), exit codes — and the process-wide switches that must come before ready.
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { electronEvent, type StandInRuntime } from './runtime';

class StandInCommandLine {
  readonly switches = new Map<string, string>();
  appendSwitch(name: string, value?: string): void {
    this.switches.set(name, value ?? '');
  }
  hasSwitch(name: string): boolean {
    return this.switches.has(name);
  }
  getSwitchValue(name: string): string {
    return this.switches.get(name) ?? '';
  }
  appendArgument(_value: string): void {}
  removeSwitch(name: string): void {
    this.switches.delete(name);
  }
}

export class StandInApp extends EventEmitter {
  readonly commandLine = new StandInCommandLine();
  readonly #runtime: StandInRuntime;
  readonly #ready: Promise<void>;
  #markReady: () => void = () => undefined;
  #exit: (code: number) => void;
  sandboxed = false;
  #quitting = false;
  exitCode: number | undefined;

  constructor(runtime: StandInRuntime, onExit: (code: number) => void) {
    super();
    this.#runtime = runtime;
    this.#exit = onExit;
    this.#ready = new Promise<void>((resolve) => (this.#markReady = resolve));
  }

  get isPackaged(): boolean {
    return this.#runtime.options.isPackaged ?? false;
  }

  getName(): string {
    return this.#runtime.options.name;
  }

  getVersion(): string {
    return this.#runtime.options.version;
  }

  getPath(name: string): string {
    const userData = this.#runtime.options.userDataDir;
    const paths: Record<string, string> = {
      userData,
      appData: path.dirname(userData),
      sessionData: userData,
      logs: path.join(userData, 'logs'),
      temp: os.tmpdir(),
      home: os.homedir(),
      downloads: path.join(userData, 'Downloads'),
    };
    const found = paths[name];
    if (!found) throw new Error(`Failed to get '${name}' path`);
    return found;
  }

  requestSingleInstanceLock(): boolean {
    return this.#runtime.options.singleInstanceLock ?? true;
  }

  enableSandbox(): void {
    this.#runtime.requireNotReady('app.enableSandbox()');
    this.sandboxed = true;
  }

  isReady(): boolean {
    return this.#runtime.ready;
  }

  whenReady(): Promise<void> {
    return this.#ready;
  }

  /** Electron's start-up: will-finish-launching, then ready. */
  fireReady(): void {
    this.emit('will-finish-launching');
    this.#runtime.ready = true;
    this.emit('ready', electronEvent(), {});
    this.#markReady();
  }

  quit(): void {
    if (this.exitCode !== undefined) return;
    const beforeQuit = electronEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    const willQuit = electronEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    if (this.#quitting) return;
    this.#quitting = true;
    this.emit('quit', electronEvent(), 0);
    this.exit(0);
  }

  exit(exitCode = 0): void {
    if (this.exitCode !== undefined) return;
    this.exitCode = exitCode;
    this.#exit(exitCode);
  }

  focus(): void {}

  setAppUserModelId(_id: string): void {}
}
