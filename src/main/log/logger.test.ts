import { describe, expect, it } from 'vitest';
import { errorFields, Logger } from './logger';

function capture() {
  const lines: string[] = [];
  const logger = new Logger({ write: (line) => lines.push(line) }, () => new Date('2026-11-26T00:00:00Z'));
  return { logger, lines };
}

describe('Logger', () => {
  it('redacts a told secret wherever it appears, however it is embedded', () => {
    const { logger, lines } = capture();
    const secret = 'abc~DEF.ghi_jkl';
    logger.told(secret);
    logger.error('push failed', { detail: `console said: bad value "${secret}" for field`, nested: { again: `x${secret}y` } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(secret);
    expect(lines[0]).toContain('[secret:15 chars]');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', message: 'push failed', at: '2026-11-26T00:00:00.000Z' });
  });

  it('keeps no copy of the secret itself', () => {
    const { logger } = capture();
    const secret = 'a-secret-that-must-not-be-kept';
    logger.told(secret);
    expect(JSON.stringify(Object.getOwnPropertyNames(logger).map((k) => (logger as unknown as Record<string, unknown>)[k]))).not.toContain(secret);
    // The private map holds digests only; the redaction still works from them.
    expect(logger.redact(`x ${secret} y`)).toBe('x [secret:30 chars] y');
  });

  it('redacts long token-looking strings nobody mentioned, but keeps GUIDs', () => {
    const { logger } = capture();
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzZXNzaW9uSWQiOiIxMjMifQ.c2lnbmF0dXJlLXZhbHVlLWhlcmU';
    const text = logger.redact(`Authorization: Bearer ${jwt} app 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 hash ${'ab'.repeat(32)}`);
    expect(text).not.toContain('eyJzZXNzaW9uSWQ');
    expect(text).toContain('[redacted:');
    expect(text).toContain('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0');
    expect(text).not.toContain('ab'.repeat(32));
  });

  it('leaves ordinary text alone', () => {
    const { logger } = capture();
    logger.told('hunter2hunter2');
    expect(logger.redact('Saved profile stark-production to /home/admin/.config/ADS Setup Assistant')).toBe(
      'Saved profile stark-production to /home/admin/.config/ADS Setup Assistant',
    );
  });

  it('describes errors by class and message', () => {
    expect(errorFields(Object.assign(new TypeError('boom'), { code: 'E1' }))).toEqual({ error: 'TypeError', detail: 'boom', code: 'E1' });
    expect(errorFields('x')).toEqual({ error: 'string' });
  });

  it('redacts a secret with quotes and backslashes as it appears JSON-escaped, once or twice', () => {
    const { logger, lines } = capture();
    const secret = 'pa"ss\\word\\"42';
    logger.told(secret);
    logger.error('console answered', { detail: `body was ${JSON.stringify({ password: secret })}`, raw: secret });
    const line = lines[0]!;
    for (const form of [secret, JSON.stringify(secret).slice(1, -1), JSON.stringify(JSON.stringify(secret).slice(1, -1)).slice(1, -1)]) expect(line).not.toContain(form);
    expect(JSON.parse(line)).toMatchObject({ raw: expect.stringMatching(/^\[secret:\d+ chars\]$/) });
  });

  it('redacts the URL-encoded forms (query string and form body)', () => {
    const { logger } = capture();
    const secret = 'p@ss w/rd&x=1';
    logger.told(secret);
    const text = logger.redact(`GET /login?password=${encodeURIComponent(secret)} body=${new URLSearchParams({ password: secret }).toString()}`);
    expect(text).not.toContain(encodeURIComponent(secret));
    expect(text).not.toContain(new URLSearchParams({ v: secret }).toString().slice(2));
    expect(text).toBe('GET /login?password=[secret:23 chars] body=password=[secret:21 chars]');
  });

  it('redacts values from 4 characters up (a short console password too)', () => {
    const { logger } = capture();
    logger.told('Kx9!');
    logger.told('abc');
    expect(logger.redact('password Kx9! and abc')).toBe('password [secret:4 chars] and abc');
  });
});
