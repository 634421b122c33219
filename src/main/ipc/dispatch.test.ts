import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { testHandlerTable } from '../../../test/doubles/services';
import { callChannel, createDispatcher, invokeChannel, TrustedSenders, type HandlerTable } from './dispatch';

const realTable = (): HandlerTable => testHandlerTable('/nonexistent/ads-setup-dispatch-test').table;
const context = { senderId: 7 };

function trustedDispatcher(table: HandlerTable = realTable()) {
  const trusted = new TrustedSenders();
  trusted.add(7);
  return { dispatch: createDispatcher(table, trusted), trusted };
}

describe('dispatcher', () => {
  it('answers a well-formed call from a trusted sender with the handler value', async () => {
    const { dispatch } = trustedDispatcher();
    expect(await dispatch(7, 'appInfo', {})).toEqual({
      ok: true,
      value: { name: 'ADS Setup Assistant', version: '9.9.9', platform: 'linux', arch: 'x64', runtime: { node: '20.0.0' }, demo: false, dataDir: '/nonexistent/ads-setup-dispatch-test', keychainService: 'ads-setup-test' },
    });
  });

  it('refuses an untrusted sender before looking at the payload, and forgets a removed one', async () => {
    let ran = false;
    const table: HandlerTable = { ...realTable(), appInfo: () => ((ran = true), realTable().appInfo({}, context)) as never };
    const { dispatch, trusted } = trustedDispatcher(table);
    expect(await dispatch(8, 'appInfo', {})).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    trusted.delete(7);
    expect(await dispatch(7, 'appInfo', {})).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    expect(ran).toBe(false);
  });

  it.each([
    ['an extra key', { extra: 1 }],
    ['a string', 'hello'],
    ['null', null],
    ['undefined', undefined],
    ['an array', [1, 2]],
    ['a prototype-pollution key', JSON.parse('{"__proto__": {"polluted": true}}')],
    ['a constructor key', { constructor: { prototype: { polluted: true } } }],
  ])('rejects %s with BAD_REQUEST and runs nothing', async (_label, payload) => {
    let ran = false;
    const table: HandlerTable = { ...realTable(), appInfo: () => ((ran = true), realTable().appInfo({}, context)) as never };
    const answer = await trustedDispatcher(table).dispatch(7, 'appInfo', payload);
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', remedy: expect.any(String) } });
    expect(ran).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('says which rule failed, in words an admin can read', async () => {
    const { dispatch } = trustedDispatcher();
    expect(await dispatch(7, 'appInfo', { extra: 1 })).toMatchObject({ error: { message: 'Malformed request on "appInfo": (payload): 1 unexpected key.' } });
    expect(await dispatch(7, 'appInfo', 'x')).toMatchObject({ error: { message: 'Malformed request on "appInfo": (payload): expected object.' } });
  });

  it('never echoes the offending value back', async () => {
    const secret = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.super-secret-value';
    const answer = await trustedDispatcher().dispatch(7, 'appInfo', { [secret]: secret });
    expect(answer.ok).toBe(false);
    expect(JSON.stringify(answer)).not.toContain('super-secret-value');
  });

  it.each([['unknownChannel'], [42], [null], ['__proto__'], ['constructor']])('rejects channel %j as UNKNOWN_CHANNEL', async (channel) => {
    expect(await trustedDispatcher().dispatch(7, channel, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('passes an AppError through with its code, message and remedy', async () => {
    const table: HandlerTable = {
      ...realTable(),
      appInfo: () => {
        throw new AppError('BAD_RESPONSE', 'The console answered nonsense.', 'Check the console URL.');
      },
    };
    expect(await trustedDispatcher(table).dispatch(7, 'appInfo', {})).toEqual({
      ok: false,
      error: { code: 'BAD_RESPONSE', message: 'The console answered nonsense.', remedy: 'Check the console URL.' },
    });
  });

  it('turns an unexpected throw into INTERNAL without its message or stack', async () => {
    const table: HandlerTable = {
      ...realTable(),
      appInfo: async () => {
        throw new Error('ENOENT /home/admin/secret-path token=abc123');
      },
    };
    const reported: unknown[] = [];
    const trusted = new TrustedSenders();
    trusted.add(7);
    const answer = await createDispatcher(table, trusted, (channel, error) => reported.push([channel, (error as Error).message]))(7, 'appInfo', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(answer)).not.toMatch(/secret-path|abc123|at .*dispatch/);
    // The detail goes to the (redacting) log instead, for diagnosis.
    expect(reported).toEqual([['appInfo', 'ENOENT /home/admin/secret-path token=abc123']]);
  });

  it('refuses to send an answer that is outside the contract', async () => {
    const table = { ...realTable(), appInfo: () => ({ version: 1, leaked: 'x' }) } as unknown as HandlerTable;
    expect(await trustedDispatcher(table).dispatch(7, 'appInfo', {})).toMatchObject({ ok: false, error: { code: 'BAD_RESPONSE' } });
  });

  it('answers the window with outside text made printable, in values, keys and errors; line breaks stay (issue 22)', async () => {
    const hostile = 'Prod\u202eno\u200b\u001b[2J\u2028x\nnext';
    const shown = 'Prod\\u202eno\\u200b\\u001b[2J\\u2028x\nnext';
    const real = realTable();
    const table: HandlerTable = {
      ...real,
      appInfo: async () => ({ ...(await real.appInfo({}, context)), dataDir: hostile }),
      profileGet: () => {
        throw new AppError('NOT_FOUND', `No profile ${hostile}.`, `Pick ${hostile}.`);
      },
    };
    const { dispatch } = trustedDispatcher(table);
    expect(await dispatch(7, 'appInfo', {})).toMatchObject({ ok: true, value: { dataDir: shown } });
    expect(await dispatch(7, 'profileGet', { id: 'prod' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: `No profile ${shown}.`, remedy: `Pick ${shown}.` } });
    // The CLI's path keeps the values as they are (the terminal has its own guard).
    expect(await invokeChannel(table, 'appInfo', {}, context)).toMatchObject({ ok: true, value: { dataDir: hostile } });
  });
});

describe('callChannel (in-process callers)', () => {
  it('returns the typed value', async () => {
    expect((await callChannel(realTable(), 'appInfo', {}, context)).version).toBe('9.9.9');
  });

  it('throws the typed error', async () => {
    await expect(callChannel(realTable(), 'appInfo', { nope: 1 } as never, context)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('runs the same validation as IPC without a sender check', async () => {
    expect(await invokeChannel(realTable(), 'appInfo', [], context)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
