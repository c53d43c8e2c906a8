import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createFleetCa } from './createFleetCa.js';
import { DAY_MS } from './defaults.js';
import { loadFleetCa } from './FleetCa.js';
import { issueServerCertificate } from './issueServerCertificate.js';
import { x509 } from './x509.js';

const NOW = Date.UTC(2026, 3, 1, 12, 0, 0);

describe('createFleetCa', () => {
  it('makes a self-signed P-256 CA that may only sign leaves', async () => {
    const ca = await createFleetCa({ now: NOW, commonName: 'Test CA, O=Evil' });
    const cert = new X509Certificate(ca.certPem);
    expect(cert.ca).toBe(true);
    expect(cert.checkIssued(cert)).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    // The comma stays inside the CN (escaped) instead of adding an O attribute.
    expect(cert.subject).toBe('CN=Test CA\\, O=Evil');
    expect(new Date(cert.validFrom).getTime()).toBe(NOW - 60_000);
    expect(new Date(cert.validTo).getTime()).toBe(NOW + 3650 * DAY_MS);
    expect(cert.serialNumber).toMatch(/^[89A-F][0-9A-F]{31}$/);

    const parsed = new x509.X509Certificate(ca.certPem);
    const constraints = parsed.getExtension(x509.BasicConstraintsExtension);
    expect(constraints).toMatchObject({ ca: true, pathLength: 0, critical: true });
    const usage = parsed.getExtension(x509.KeyUsagesExtension);
    expect(usage?.usages).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    expect(usage?.critical).toBe(true);
    expect(parsed.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId).toMatch(/^[0-9a-f]{40}$/);

    const key = createPrivateKey(ca.keyPem);
    expect(ca.keyPem).toContain('-----BEGIN PRIVATE KEY-----');
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('uses the default name', async () => {
    const cert = new X509Certificate((await createFleetCa({ now: NOW })).certPem);
    expect(cert.subject).toBe('CN=MCP fleet CA');
  });

  it.each([
    [{ commonName: ' ' }, /commonName/],
    [{ lifetimeDays: 0 }, /lifetimeDays/],
    [{ lifetimeDays: 1.5 }, /lifetimeDays/],
  ])('refuses %j', async (options, message) => {
    await expect(createFleetCa(options)).rejects.toMatchObject({ code: 'INVALID_OPTION', message });
  });
});

describe('loadFleetCa', () => {
  it('loads a CA it made', async () => {
    const ca = await createFleetCa({ now: NOW });
    const loaded = await loadFleetCa(ca.certPem, ca.keyPem);
    expect(new X509Certificate(loaded.certPem).fingerprint256).toBe(
      new X509Certificate(ca.certPem).fingerprint256,
    );
  });

  it.each<
    [
      string,
      (a: { certPem: string; keyPem: string }, b: { certPem: string; keyPem: string }) => [string, string],
      RegExp,
    ]
  >([
    ['a key of another CA', (a, b) => [a.certPem, b.keyPem], /does not belong/],
    ['a key that is not PEM', (a) => [a.certPem, 'not a key'], /not a PEM private key/],
    ['a certificate that is not PEM', (a) => ['nope', a.keyPem], /must be PEM/],
    [
      'a garbled certificate',
      (a) => ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', a.keyPem],
      /cannot be parsed/,
    ],
    ['an Ed25519 key', (a) => [a.certPem, ED25519_KEY], /must be ECDSA P-256/],
  ])('refuses %s', async (_name, pick, message) => {
    const a = await createFleetCa({ now: NOW });
    const b = await createFleetCa({ now: NOW });
    const [certPem, keyPem] = pick(a, b);
    await expect(loadFleetCa(certPem, keyPem)).rejects.toMatchObject({ code: 'INVALID_CA', message });
  });

  it('refuses a leaf certificate as a CA', async () => {
    const ca = await createFleetCa({ now: NOW });
    const leaf = await issueServerCertificate(ca, { dnsNames: ['a.example.net'], now: NOW });
    await expect(loadFleetCa(leaf.certPem, leaf.keyPem)).rejects.toMatchObject({
      code: 'INVALID_CA',
      message: /not a CA/,
    });
  });
});

const ED25519_KEY = createPrivateKey({
  key: Buffer.from('302e020100300506032b657004220420' + '11'.repeat(32), 'hex'),
  format: 'der',
  type: 'pkcs8',
})
  .export({ type: 'pkcs8', format: 'pem' })
  .toString();
