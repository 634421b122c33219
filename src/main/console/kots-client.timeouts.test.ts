import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejection } from '../../../test/doubles/rejection';
import { KotsClient, LONG_WRITE_TIMEOUT_MS } from './kots-client';
import type { FetchLike } from './transport';

afterEach(() => {
  vi.useRealTimers();
});

/** A console that never answers: each request ends only when the client aborts it, and says when that was. */
function silentConsole() {
  const aborted: Array<{ method: string; at: number }> = [];
  const fetch: FetchLike = (_url, init) =>
    new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => {
        aborted.push({ method: init.method ?? 'GET', at: Date.now() });
        reject(new Error('aborted'));
      });
    });
  return { fetch, aborted };
}

describe('KotsClient timeouts (fake clock: nothing waits for real)', () => {
  it('reads give up after 30 s; the save and the deploy wait past kotsadm’s 15-minute preflight wait', async () => {
    vi.useFakeTimers({ now: 0 });
    const { fetch, aborted } = silentConsole();
    const client = new KotsClient({ baseUrl: 'https://console.example.com:8800', fetch, getRetries: 0 });
    client.useAuthorization('Kots token');
    const read = rejection(client.listApps());
    const save = rejection(client.putConfig('deepsource', 0, []));
    const deploy = rejection(client.deploy('deepsource', 1));
    await vi.advanceTimersByTimeAsync(30_000);
    expect((await read).code).toBe('CONSOLE_TIMEOUT');
    expect(aborted.map((a) => a.method)).toEqual(['GET']);

    await vi.advanceTimersByTimeAsync(15 * 60_000); // the longest kotsadm holds a deploy for strict preflights
    expect(aborted.map((a) => a.method)).toEqual(['GET']);
    expect(LONG_WRITE_TIMEOUT_MS).toBeGreaterThanOrEqual(15 * 60_000);

    await vi.advanceTimersByTimeAsync(LONG_WRITE_TIMEOUT_MS);
    expect(await save).toMatchObject({ code: 'CONSOLE_TIMEOUT', message: expect.stringContaining('within 960 s') });
    expect((await deploy).code).toBe('CONSOLE_TIMEOUT');
    expect(aborted.map((a) => [a.method, a.at])).toEqual([['GET', 30_000], ['PUT', LONG_WRITE_TIMEOUT_MS], ['POST', LONG_WRITE_TIMEOUT_MS]]);
  });
});
