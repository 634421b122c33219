// The one certificate-trust rule, on real certificates: pins, a pinned fingerprint (for its host), the platform's
// verdict, a CA file (directly, through the intermediates the server sent, a bundle of several), in that order.
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate, type MadeCertificate } from '../../../test/doubles/certificates';
import { decideCertificate, extendsPlatform, type CertificateFacts } from './certificate-trust';

const DAY = 24 * 60 * 60 * 1000;

const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;
const facts = (leaf: MadeCertificate, over: Partial<CertificateFacts> = {}): CertificateFacts => ({ hostname: 'console.stark.example', pem: leaf.cert, fingerprint256: fingerprint(leaf.cert), chainTrusted: false, platformError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', ...over });

let root: MadeCertificate;
let intermediate: MadeCertificate;
let viaIntermediate: MadeCertificate;
let direct: MadeCertificate;
let otherRoot: MadeCertificate;
let expired: MadeCertificate;
let selfSigned: MadeCertificate;

beforeAll(async () => {
  root = await makeCertificate('Stark Root CA', { ca: true });
  otherRoot = await makeCertificate('Someone else', { ca: true });
  intermediate = await makeCertificate('Stark Issuing CA', { ca: true, issuer: root });
  viaIntermediate = await makeCertificate('console', { issuer: intermediate, hosts: ['console.stark.example'] });
  direct = await makeCertificate('console', { issuer: root, hosts: ['console.stark.example', '10.0.0.7'] });
  expired = await makeCertificate('console', { issuer: root, hosts: ['console.stark.example'], from: Date.now() - 3 * DAY, to: Date.now() - DAY });
  selfSigned = await makeCertificate('self', { hosts: ['console.stark.example'] });
});

describe('decideCertificate', () => {
  it('accepts what the platform trusts, and refuses the rest as untrusted with the platform’s reason', () => {
    expect(decideCertificate(facts(selfSigned, { chainTrusted: true, platformError: undefined }), {})).toEqual({ verdict: 'accept', by: 'platform' });
    expect(decideCertificate(facts(selfSigned), {})).toEqual({ verdict: 'untrusted', reason: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(decideCertificate(facts(selfSigned, { platformError: undefined }), {})).toEqual({ verdict: 'untrusted', reason: 'not trusted' });
  });

  it('a pinned fingerprint accepts exactly that leaf and calls any other “changed”, platform-trusted or not', () => {
    const pin = { pinnedFingerprint: fingerprint(selfSigned.cert) };
    expect(decideCertificate(facts(selfSigned), pin)).toEqual({ verdict: 'accept', by: 'pinned-fingerprint' });
    expect(decideCertificate(facts(direct, { chainTrusted: true }), pin)).toEqual({ verdict: 'changed', reason: 'the certificate is not the one that was pinned' });
    // A pin outranks the CA file too: the admin pinned one certificate.
    expect(decideCertificate(facts(direct), { ...pin, caPem: root.cert }).verdict).toBe('changed');
  });

  it('a pinned fingerprint for one host leaves every other host to the rest of the rule', () => {
    const pin = { pinnedFingerprint: fingerprint(selfSigned.cert), pinnedHost: 'login.stark.example' };
    expect(decideCertificate(facts(selfSigned, { hostname: 'login.stark.example' }), pin).verdict).toBe('accept');
    expect(decideCertificate(facts(direct, { hostname: 'login.stark.example' }), pin).verdict).toBe('changed');
    expect(decideCertificate(facts(selfSigned), pin).verdict).toBe('untrusted');
    expect(decideCertificate(facts(direct, { chainTrusted: true }), pin).verdict).toBe('accept');
  });

  it('pins accept exactly their certificate for exactly their host, before anything else', () => {
    const pins = [{ hostname: 'console.stark.example', fingerprint256: fingerprint(selfSigned.cert) }];
    expect(decideCertificate(facts(selfSigned), { pins })).toEqual({ verdict: 'accept', by: 'pin' });
    expect(decideCertificate(facts(selfSigned, { hostname: 'other.example' }), { pins }).verdict).toBe('untrusted');
    expect(decideCertificate(facts(direct), { pins }).verdict).toBe('untrusted');
    expect(decideCertificate(facts(selfSigned), { pins, pinnedFingerprint: fingerprint(direct.cert) })).toEqual({ verdict: 'accept', by: 'pin' });
  });

  it('a CA file accepts a leaf it issued for the host, directly or through the intermediates sent', () => {
    expect(decideCertificate(facts(direct), { caPem: root.cert })).toEqual({ verdict: 'accept', by: 'ca' });
    expect(decideCertificate(facts(direct, { hostname: '10.0.0.7' }), { caPem: root.cert }).verdict).toBe('accept');
    expect(decideCertificate(facts(viaIntermediate, { chain: [intermediate.cert, root.cert] }), { caPem: root.cert })).toEqual({ verdict: 'accept', by: 'ca' });
    // The intermediate itself as the CA file: the admin's explicit trust.
    expect(decideCertificate(facts(viaIntermediate), { caPem: intermediate.cert }).verdict).toBe('accept');
    // A bundle of several CAs, the right one second.
    expect(decideCertificate(facts(direct), { caPem: `${otherRoot.cert}\n${root.cert}` }).verdict).toBe('accept');
    // A self-signed leaf named as its own CA (what a console's exported certificate is).
    expect(decideCertificate(facts(selfSigned), { caPem: selfSigned.cert }).verdict).toBe('accept');
  });

  it('a CA file refuses another issuer, another host, a missing intermediate, an expired leaf, a leaf posing as a CA', async () => {
    const untrusted = (over: Partial<CertificateFacts>, leaf: MadeCertificate, caPem = root.cert) => decideCertificate(facts(leaf, over), { caPem }).verdict;
    expect(untrusted({}, direct, otherRoot.cert)).toBe('untrusted');
    expect(untrusted({ hostname: 'evil.example' }, direct)).toBe('untrusted');
    expect(untrusted({ hostname: '10.0.0.8' }, direct)).toBe('untrusted');
    expect(untrusted({}, viaIntermediate)).toBe('untrusted');
    expect(untrusted({}, expired)).toBe('untrusted');
    // A leaf (no CA flag) that signed another certificate is no intermediate.
    const issuedByLeaf = await makeCertificate('console', { issuer: direct, hosts: ['console.stark.example'] });
    expect(untrusted({ chain: [direct.cert] }, issuedByLeaf)).toBe('untrusted');
    expect(untrusted({}, direct, 'not a certificate')).toBe('untrusted');
  });

  it('says whether a trust adds anything to the platform', () => {
    expect(extendsPlatform({})).toBe(false);
    expect(extendsPlatform({ pins: [] })).toBe(false);
    expect(extendsPlatform({ pins: [{ hostname: 'a', fingerprint256: 'b' }] })).toBe(true);
    expect(extendsPlatform({ caPem: root.cert })).toBe(true);
    expect(extendsPlatform({ pinnedFingerprint: 'AA' })).toBe(true);
  });
});
