import { describe, expect, it } from 'vitest';
import { acceptValue } from './values';

const found = (value: string, extra: Partial<{ tooLong: boolean; masked: boolean }> = {}) => ({ value, tooLong: false, masked: false, source: 'text' as const, ...extra });

describe('acceptValue (a page value is untrusted input)', () => {
  it('accepts plain ids, secrets and https URLs', () => {
    expect(acceptValue('text', found('8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D'), 64)).toEqual({ ok: true, value: '8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D' });
    expect(acceptValue('secret', found('Zr18Q~kP3vX.9mNq2_TbLw7Yc-Hd5Ge4Fj6Ua0Sz'), 512).ok).toBe(true);
    expect(acceptValue('url', found('https://app.vssps.visualstudio.com/oauth2/authorize?a=b&c=d e'), 2048).ok).toBe(true);
  });

  it.each([
    ['<img src=x onerror=alert(1)>', /markup/],
    ['abc"def', /quotes/],
    ["abc'def", /quotes/],
    ['abc\u0000def', /control/],
    ['line\nbreak', /control/],
    ['two words', /spaces/],
  ])('refuses %j', (value, reason) => {
    const result = acceptValue('secret', found(value), 512);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(reason);
    // The reason never echoes the value.
    expect(result.ok ? '' : result.reason).not.toContain(value);
  });

  it('refuses a value the page script cut (too long) and anything over the limit', () => {
    expect(acceptValue('secret', found('a'.repeat(4097), { tooLong: true }), 4096)).toMatchObject({ ok: false, reason: expect.stringMatching(/longer than 4096/) });
    expect(acceptValue('text', found('a'.repeat(65)), 64).ok).toBe(false);
  });

  it('refuses non-https and non-URL values for a URL field', () => {
    expect(acceptValue('url', found('http://app.vssps.visualstudio.com/oauth2/authorize'), 2048).ok).toBe(false);
    expect(acceptValue('url', found('javascript:alert(1)'), 2048).ok).toBe(false);
    expect(acceptValue('url', found('not a url'), 2048).ok).toBe(false);
  });
});
