import { describe, expect, it } from 'vitest';
import { isTrustedSenderFrame, schemeAndHost, type SenderFrame } from './sender-policy';

const app = { appOrigin: 'app://ads-setup' };
const dev = { appOrigin: 'app://ads-setup', devServerUrl: 'http://localhost:5173/' };
const top = (url: string, origin: string): SenderFrame => ({ url, origin, isTopFrame: true });

describe('the IPC sender policy', () => {
  it("trusts the app's own top frame as Electron reports it", () => {
    // WebFrameMain.origin for a registered standard scheme is Chromium's serialisation, not Node's "null".
    expect(new URL('app://ads-setup/index.html').origin).toBe('null');
    expect(isTrustedSenderFrame(top('app://ads-setup/index.html', 'app://ads-setup'), app)).toBe(true);
    expect(isTrustedSenderFrame(top('app://ads-setup/', 'app://ads-setup'), app)).toBe(true);
    expect(isTrustedSenderFrame(top('app://ads-setup/index.html#/tools', 'app://ads-setup'), app)).toBe(true);
  });

  it.each([
    ['a foreign https page', top('https://evil.example/', 'https://evil.example')],
    ['a look-alike host', top('app://ads-setup.evil.example/index.html', 'app://ads-setup.evil.example')],
    ['a host with a port', top('app://ads-setup:8080/index.html', 'app://ads-setup:8080')],
    ['user info before the host', top('app://evil@ads-setup/index.html', 'app://ads-setup')],
    ['another scheme on the same host', top('https://ads-setup/index.html', 'https://ads-setup')],
    ['file://', top('file:///opt/ads/resources/app.asar/out/renderer/index.html', 'file://')],
    ['about:blank inheriting the app origin', top('about:blank', 'app://ads-setup')],
    ['an opaque origin on an app URL (scheme not registered as standard)', top('app://ads-setup/index.html', 'null')],
    ['an app URL whose real origin is elsewhere', top('app://ads-setup/index.html', 'https://evil.example')],
    ['an unparsable URL', top('::not a url::', 'app://ads-setup')],
    ['the dev server while packaged', top('http://localhost:5173/', 'http://localhost:5173')],
  ])('refuses %s', (_label, frame) => {
    expect(isTrustedSenderFrame(frame, app)).toBe(false);
  });

  it('refuses sub-frames, even on the app origin, and a missing frame (navigated or destroyed)', () => {
    expect(isTrustedSenderFrame({ url: 'app://ads-setup/index.html', origin: 'app://ads-setup', isTopFrame: false }, app)).toBe(false);
    expect(isTrustedSenderFrame(null, app)).toBe(false);
    expect(isTrustedSenderFrame(undefined, app)).toBe(false);
  });

  it('trusts the dev server only when given (not packaged), and only its exact origin', () => {
    expect(isTrustedSenderFrame(top('http://localhost:5173/', 'http://localhost:5173'), dev)).toBe(true);
    expect(isTrustedSenderFrame(top('http://localhost:5173/src/index.html', 'http://localhost:5173'), dev)).toBe(true);
    expect(isTrustedSenderFrame(top('app://ads-setup/index.html', 'app://ads-setup'), dev)).toBe(true);
    expect(isTrustedSenderFrame(top('http://localhost:5174/', 'http://localhost:5174'), dev)).toBe(false);
    expect(isTrustedSenderFrame(top('http://127.0.0.1:5173/', 'http://127.0.0.1:5173'), dev)).toBe(false);
    expect(isTrustedSenderFrame(top('https://localhost:5173/', 'https://localhost:5173'), dev)).toBe(false);
  });

  it('reads scheme and host of special and non-special URLs alike', () => {
    expect(schemeAndHost('app://ads-setup/x')).toBe('app://ads-setup');
    expect(schemeAndHost('https://example.com:8443/a')).toBe('https://example.com:8443');
    expect(schemeAndHost('https://example.com:443/a')).toBe('https://example.com');
    expect(schemeAndHost('about:blank')).toBeNull();
    expect(schemeAndHost('data:text/html,x')).toBeNull();
  });
});
