import type { ChildProcess } from 'node:child_process';
import { AppError } from '../../../../shared/errors';
import { consoleWords } from '../../kots-client';
import { kubectlRefusal, lastWords, scopeArgs, startKubectl, where, type KubectlScope } from './kubectl';

/** kotsadm's own port in its pod (the `kotsadm` Service exposes it as `http`): plain HTTP inside the cluster. */
export const KOTSADM_PORT = 3000;
const READY = new RegExp(`^Forwarding from 127\\.0\\.0\\.1:(\\d{1,5}) -> ${KOTSADM_PORT}\\s*$`);
/** kubectl prints the forward once it listens; a credential plugin may sign in first. */
const OPEN_TIMEOUT_MS = 60_000;
/** How long an ended port-forward may take to go after SIGTERM before it is killed. */
const STOP_GRACE_MS = 5_000;

export interface ForwardEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** kubectl's last words on stderr (why the forward ended). */
  said: string;
}

/** A running `kubectl port-forward`: its local port on 127.0.0.1, and how and when it ended. */
export interface PortForward {
  port: number;
  readonly ended: ForwardEnd | undefined;
  /** Resolves once the port-forward process is gone (the run ended it, or it died). */
  readonly gone: Promise<ForwardEnd>;
  close: () => Promise<void>;
}

/** Every port-forward still running: ended if the process exits some other way (the app quits). */
const running = new Set<ChildProcess>();
let exitHook = false;
function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const forward of running) forward.kill('SIGTERM');
  });
}

/**
 * `kubectl port-forward pod/<pod> :3000`: a random free local port on 127.0.0.1 (read from kubectl's "Forwarding
 * from 127.0.0.1:PORT -> 3000"), open until `close()` (or until it dies: `gone` says how).
 */
export async function openPortForward(pod: string, scope: KubectlScope): Promise<PortForward> {
  const child = await startKubectl(['port-forward', `pod/${pod}`, `:${KOTSADM_PORT}`, ...scopeArgs(scope)], scope);
  track(child);
  let stderr = '';
  let ended: ForwardEnd | undefined;
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4096);
  });
  const gone = new Promise<ForwardEnd>((resolve) =>
    child.once('exit', (code, signal) => {
      ended = { code, signal, said: lastWords(stderr) };
      resolve(ended);
    }),
  );
  const close = async () => {
    if (ended) return;
    child.kill('SIGTERM');
    const stop = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await gone;
    clearTimeout(stop);
  };

  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      reject(new AppError('CONSOLE_ROUTE', `kubectl port-forward to kotsadm did not open within ${OPEN_TIMEOUT_MS / 1000} s.`, 'Run `kubectl get pods` in a terminal to check the cluster answers (and to sign in), then try again.'));
      void close();
    }, OPEN_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (const line of buffered.split('\n')) {
        const match = READY.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
    void gone.then(() => {
      clearTimeout(timer);
      const notRunning = /pod is not running\. Current status=(\w+)/.exec(stderr);
      if (notRunning) reject(new AppError('CONSOLE_ROUTE', `The kotsadm pod ${pod} is not running (${consoleWords(notRunning[1])}).`, 'Wait until `kubectl get pods -l app=kotsadm` shows it Running, then try again.'));
      else reject(kubectlRefusal(stderr, 'port-forward', scope));
    });
  });
  // The rest of its output is of no use (one "Handling connection" line per connection); drained so kubectl never blocks.
  child.stdout?.resume();
  return {
    port,
    get ended() {
      return ended;
    },
    gone,
    close,
  };
}

/** The port-forward ended while the run still needed it: said in kubectl's words. */
export function forwardLost(end: ForwardEnd, scope: KubectlScope): AppError {
  const how = end.signal ? `was stopped (${end.signal})` : `exited (${end.code})`;
  return new AppError(
    'CONSOLE_ROUTE_LOST',
    `The kubectl port-forward to kotsadm in ${where(scope)} ${how} during the push${end.said ? `: “${end.said}”` : ''}.`,
    'Check that the kotsadm pod is running (`kubectl get pods -l app=kotsadm`), then push again: the report says which steps were done; a save whose answer was lost shows in the console’s Version history.',
  );
}
