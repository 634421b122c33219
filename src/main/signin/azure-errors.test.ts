import { describe, expect, it } from 'vitest';
import type { DescribeAnswer } from '../../shared/page-protocol';
import { explainAzureRefusal } from './azure-errors';
import { callbackRefusal, callbackReturn, deepSourceAnswer, isCallback, redactUrl } from './round-trip';

const CALLBACK = 'https://ds.example.com/accounts/ads/login/callback/bifrost';
const facts = { appId: '6f3c2a9e-1b7d-4e8f-a2c4-9d0e1f2a3b4c', callback: CALLBACK, tenant: 'organizations' };

function page(change: Partial<DescribeAnswer> = {}): DescribeAnswer {
  return { mode: 'describe', url: 'https://ds.example.com/', origin: 'https://ds.example.com', frame: 'top', title: 'Dashboard', headings: ['Welcome'], alerts: [], errorCodes: [], azureDevOpsEntry: null, entries: [], passwordField: false, ...change };
}

describe('what Azure and DeepSource answered, read without keeping a code', () => {
  it('cuts codes, states and tokens out of an address (query and fragment), and keeps the rest', () => {
    expect(redactUrl(`${CALLBACK}?code=1.AbCdEf&state=xyz&session_state=s1`)).toBe(`${CALLBACK}?code=%E2%80%A6&state=%E2%80%A6&session_state=%E2%80%A6`);
    expect(redactUrl('https://x.example/cb#access_token=t0k3n&id_token=eyJ&token_type=Bearer')).toBe('https://x.example/cb#access_token=%E2%80%A6&id_token=%E2%80%A6&token_type=Bearer');
    expect(redactUrl(`${CALLBACK}?error=access_denied&error_description=AADSTS65004`)).toBe(`${CALLBACK}?error=access_denied&error_description=AADSTS65004`);
    expect(redactUrl('not a url?code=abc')).not.toContain('code=abc');
  });

  it('knows DeepSource’s callback in either slash form, and what Azure sent it', () => {
    expect(isCallback(`${CALLBACK}/?code=x`, CALLBACK)).toBe(true);
    expect(isCallback('https://ds.example.com/accounts/github/login/callback/bifrost', CALLBACK)).toBe(false);
    expect(isCallback('https://evil.example/accounts/ads/login/callback/bifrost', CALLBACK)).toBe(false);
    expect(callbackReturn(`${CALLBACK}?code=x&state=y`)).toEqual({ returned: 'code', error: null, description: null });
    expect(callbackReturn(`${CALLBACK}?error=consent_required&error_description=AADSTS65001%3A+no+consent`)).toEqual({ returned: 'error', error: 'consent_required', description: 'AADSTS65001: no consent' });
    expect(callbackReturn(CALLBACK).returned).toBeNull();
  });

  it('explains every code an admin meets, and names any other as Azure showed it', () => {
    for (const code of [50011, 700016, 650057, 65001, 65004, 50194, 53003, 90002, 7000215, 7000222]) {
      const explained = explainAzureRefusal(code, facts);
      expect(explained.message, String(code)).toContain(`AADSTS${code}`);
      expect(explained.remedy.length, String(code)).toBeGreaterThan(20);
    }
    expect(explainAzureRefusal(50011, facts).message).toContain(CALLBACK);
    expect(explainAzureRefusal(50194, facts).message).toContain('/organizations');
    expect(explainAzureRefusal(9999999, facts)).toMatchObject({ message: 'Azure refused the sign-in with AADSTS9999999.', remedy: expect.stringContaining('AADSTS9999999') });
    expect(callbackRefusal('access_denied', 'AADSTS65004: User declined to consent', facts)).toMatchObject({ where: 'callback', code: 65004 });
    expect(callbackRefusal('server_error', '', facts)).toMatchObject({ code: null, shown: 'server_error' });
  });

  it('DeepSource’s answer: a signed-in page only when nothing says otherwise', () => {
    expect(deepSourceAnswer(page(), 200, false).kind).toBe('signed-in');
    expect(deepSourceAnswer(page({ azureDevOpsEntry: 'Azure Devops Services', alerts: ['Could not log in'] }), 200, false)).toMatchObject({ kind: 'login-page', said: 'Could not log in — Welcome' });
    expect(deepSourceAnswer(page(), 500, false).kind).toBe('error');
    expect(deepSourceAnswer(page({ alerts: ['Sign-in failed'] }), 200, false).kind).toBe('error');
    expect(deepSourceAnswer(page({ errorCodes: [{ code: 7000215, text: 'AADSTS7000215: Invalid client secret' }] }), 200, true).kind).toBe('error');
  });
});
