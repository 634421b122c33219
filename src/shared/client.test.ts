import { describe, expect, it } from 'vitest';
import { channels } from './channels';
import { createApi, createBridge } from './client';
import { contract } from './contract';
import { AppError } from './errors';

describe('contract', () => {
  it('has schemas for exactly the channel list the preload uses', () => {
    expect(Object.keys(contract).sort()).toEqual([...channels].sort());
  });
});

describe('createBridge / createApi', () => {
  it('gives one named function per channel that forwards to invoke', async () => {
    const calls: unknown[] = [];
    const bridge = createBridge(async (channel, request) => {
      calls.push([channel, request]);
      return { ok: true, value: { name: 'n', version: '1', platform: 'p', arch: 'a', runtime: { node: '20' } } };
    });
    expect(Object.keys(bridge)).toEqual([...channels]);
    const info = await createApi(bridge).appInfo({});
    expect(info.version).toBe('1');
    expect(calls).toEqual([['appInfo', {}]]);
  });

  it('turns an error envelope into a thrown AppError with the remedy', async () => {
    const api = createApi(createBridge(async () => ({ ok: false, error: { code: 'BAD_REQUEST', message: 'bad', remedy: 'fix it' } })));
    const failure = await api.appInfo({}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'BAD_REQUEST', message: 'bad', remedy: 'fix it' });
  });
});
