import { createPublicKey, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createFleetCa } from './createFleetCa.js';
import { DAY_MS } from './defaults.js';
import { loadFleetCa, type FleetCa } from './FleetCa.js';
import { PkiError } from './PkiError.js';
import { makeCsr, tamperCsr } from './testing/makeCsr.js';
import { x509 } from './x509.js';

const NOW = Date.UTC(2026, 3, 1, 12, 0, 0);
const LIFETIME = 90 * DAY_MS;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

let ca: FleetCa;
let caCert: X509Certificate;

beforeAll(async () => {
  const material = await createFleetCa({ now: NOW - DAY_MS });
  ca = await loadFleetCa(material.certPem, material.keyPem);
  caCert = new X509Certificate(material.certPem);
});

function splitChain(chainPem: string): X509Certificate[] {
  return (chainPem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []).map(
    (pem) => new X509Certificate(pem),
  );
}

describe('FleetCa.signCsr', () => {
  it('signs a CSR with its own extensions and only the SAN DNS names', async () => {
    const { csrPem } = await makeCsr({
      commonName: 'API.svc.mcp.example.net',
      dnsNames: ['API.svc.mcp.example.net', 'web.svc.mcp.example.net', 'api.svc.mcp.example.net'],
      // Asked for, never granted: the CA builds its own extensions.
      extensions: [new x509.BasicConstraintsExtension(true, 5, true)],
    });
    const signed = await ca.signCsr(csrPem, { lifetimeMs: LIFETIME, now: NOW });

    const chain = splitChain(signed.chainPem);
    expect(chain).toHaveLength(2);
    const [leaf, issuer] = chain as [X509Certificate, X509Certificate];
    expect(issuer.fingerprint256).toBe(caCert.fingerprint256);
    expect(leaf.checkIssued(caCert)).toBe(true);
    expect(leaf.verify(caCert.publicKey)).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.subject).toBe('CN=api.svc.mcp.example.net');
    expect(leaf.subjectAltName).toBe('DNS:api.svc.mcp.example.net, DNS:web.svc.mcp.example.net');
    expect(leaf.keyUsage).toEqual([SERVER_AUTH]);
    expect(new Date(leaf.validFrom).getTime()).toBe(NOW - 60_000);
    expect(new Date(leaf.validTo).getTime()).toBe(NOW + LIFETIME);
    expect(signed.notBefore.getTime()).toBe(NOW - 60_000);
    expect(signed.notAfter.getTime()).toBe(NOW + LIFETIME);
    expect(signed.serial).toBe(leaf.serialNumber.toLowerCase());
    expect(signed.serial).toMatch(/^[89a-f][0-9a-f]{31}$/);

    const parsed = new x509.X509Certificate(leaf.raw);
    expect(parsed.getExtension(x509.BasicConstraintsExtension)).toMatchObject({ ca: false, critical: true });
    expect(parsed.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    const caSki = new x509.X509Certificate(caCert.raw).getExtension(x509.SubjectKeyIdentifierExtension);
    expect(parsed.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(caSki?.keyId);
  });

  it('draws the serial from serialRandom', async () => {
    const { csrPem } = await makeCsr({ dnsNames: ['a.svc.mcp.example.net'] });
    const signed = await ca.signCsr(csrPem, {
      lifetimeMs: LIFETIME,
      now: NOW,
      serialRandom: (n) => new Uint8Array(n).fill(1),
    });
    expect(signed.serial).toBe('81' + '01'.repeat(15));
  });

  it('ends the certificate when the CA ends', async () => {
    const { csrPem } = await makeCsr({ dnsNames: ['a.svc.mcp.example.net'] });
    const signed = await ca.signCsr(csrPem, { lifetimeMs: 20_000 * DAY_MS, now: NOW });
    expect(signed.notAfter.getTime()).toBe(new Date(caCert.validTo).getTime());
  });

  it('uses the first approved name as CN when the CSR has none', async () => {
    const { csrPem } = await makeCsr({ dnsNames: ['b.svc.mcp.example.net', 'a.svc.mcp.example.net'] });
    const signed = await ca.signCsr(csrPem, {
      lifetimeMs: LIFETIME,
      now: NOW,
      approve: () => ['a.svc.mcp.example.net'],
    });
    const [leaf] = splitChain(signed.chainPem);
    expect(leaf?.subject).toBe('CN=a.svc.mcp.example.net');
    expect(leaf?.subjectAltName).toBe('DNS:a.svc.mcp.example.net');
  });

  it('accepts Ed25519 keys, and certifies that very key', async () => {
    const { csrPem, keyPem } = await makeCsr({
      dnsNames: ['a.svc.mcp.example.net'],
      keyAlgorithm: 'Ed25519',
    });
    const signed = await ca.signCsr(csrPem, { lifetimeMs: LIFETIME, now: NOW });
    const [leaf] = splitChain(signed.chainPem);
    expect(leaf?.publicKey.asymmetricKeyType).toBe('ed25519');
    const pub = (k: string) => createPublicKey(k).export({ type: 'spki', format: 'der' }).toString('hex');
    expect(pub(leaf!.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toBe(pub(keyPem));
    expect(leaf?.subjectAltName).toBe('DNS:a.svc.mcp.example.net');
    expect(leaf?.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
  });

  it('passes the names to approve and stops when it throws', async () => {
    const { csrPem } = await makeCsr({ commonName: 'x', dnsNames: ['a.b'], ipAddresses: ['10.0.0.1'] });
    const seen: unknown[] = [];
    const refusal = new PkiError('POLICY_DENIED', 'no');
    const signing = ca.signCsr(csrPem, {
      lifetimeMs: LIFETIME,
      now: NOW,
      approve: (names) => {
        seen.push(names);
        throw refusal;
      },
    });
    await expect(signing).rejects.toBe(refusal);
    expect(seen).toEqual([{ commonName: 'x', dnsNames: ['a.b'], ipAddresses: ['10.0.0.1'], otherSans: [] }]);
  });

  it.each<[string, () => Promise<string>, RegExp]>([
    [
      'a tampered CSR',
      async () => tamperCsr((await makeCsr({ dnsNames: ['api.svc.mcp.example.net'] })).csrPem, 'api', 'evl'),
      /signature does not verify/,
    ],
    ['text that is not PEM', () => Promise.resolve('hello'), /one PEM block/],
    ['a certificate instead of a CSR', () => Promise.resolve(caCert.toString()), /one PEM block/],
    ['two CSRs', async () => (await makeCsr({ dnsNames: ['a.b'] })).csrPem.repeat(2), /one PEM block/],
    [
      'garbage inside the PEM block',
      () => Promise.resolve('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n'),
      /not a valid PKCS#10/,
    ],
    [
      'a CSR with no DNS name',
      async () => (await makeCsr({ ipAddresses: ['127.0.0.1'] })).csrPem,
      /names no DNS name/,
    ],
    [
      'a malformed name',
      async () => (await makeCsr({ dnsNames: ['bad_name.example.net'] })).csrPem,
      /bad_name/,
    ],
    [
      'a P-521 key',
      async () => (await makeCsr({ dnsNames: ['a.b'], keyAlgorithm: 'P-521' })).csrPem,
      /secp521r1\) is not accepted/,
    ],
  ])('refuses %s with BAD_CSR', async (_name, csr, message) => {
    const csrPem = await csr();
    await expect(ca.signCsr(csrPem, { lifetimeMs: LIFETIME, now: NOW })).rejects.toMatchObject({
      code: 'BAD_CSR',
      message,
    });
  });

  it.each([
    ['before the CA starts', NOW - 10 * DAY_MS, 'INVALID_CA'],
    ['after the CA ends', NOW + 4000 * DAY_MS, 'INVALID_CA'],
    ['at a time that is not a number', Number.NaN, 'INVALID_OPTION'],
  ])('refuses to sign %s', async (_name, now, code) => {
    const { csrPem } = await makeCsr({ dnsNames: ['a.b'] });
    await expect(ca.signCsr(csrPem, { lifetimeMs: LIFETIME, now })).rejects.toMatchObject({ code });
  });

  it('refuses a lifetime under a second', async () => {
    const { csrPem } = await makeCsr({ dnsNames: ['a.b'] });
    await expect(ca.signCsr(csrPem, { lifetimeMs: 0, now: NOW })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    });
  });
});
