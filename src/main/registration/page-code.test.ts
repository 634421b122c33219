import { describe, expect, it } from 'vitest';
import { pageScriptCall } from './page-code';
import { adoOAuthProvider } from './providers/ado-oauth';
import { prefillRequest } from './requests';

describe('pageScriptCall', () => {
  it('is one self-contained expression (no import, no require) that compiles', () => {
    const code = pageScriptCall({ mode: 'cancel-pick' });
    expect(code).not.toMatch(/\bimport\s*[({'"]|\brequire\s*\(/);
    expect(() => new Function(`return ${code};`)).not.toThrow();
  });

  it('carries request values as JSON data, never as code', () => {
    const hostile = '"); globalThis.__pwned = 1; ("`${1}`</script>';
    const request = prefillRequest(adoOAuthProvider, { hostname: 'h.example', org: hostile, callback: 'https://h.example/cb' }, 0)!;
    const code = pageScriptCall(request);
    expect(code).toContain(JSON.stringify(request));
    // It compiles (the hostile text stays inside a string literal) and nothing ran.
    expect(() => new Function(`return ${code};`)).not.toThrow();
    expect((globalThis as { __pwned?: number }).__pwned).toBeUndefined();
  });
});
