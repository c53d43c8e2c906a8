import { X509Certificate, createPrivateKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createFleetCa, type CertificateAndKey } from './createFleetCa.js';
import { DAY_MS } from './defaults.js';
import { loadFleetCa } from './FleetCa.js';
import { issueServerCertificate } from './issueServerCertificate.js';
import { tlsHandshake } from './testing/tlsHandshake.js';

const NOW = Date.UTC(2026, 3, 1, 12, 0, 0);

let ca: CertificateAndKey;

beforeAll(async () => {
  ca = await createFleetCa({ now: NOW - DAY_MS });
});

describe('issueServerCertificate', () => {
  it('makes a serverAuth + clientAuth leaf with DNS and IP SANs, chained to the CA', async () => {
    const issued = await issueServerCertificate(ca, {
      dnsNames: ['Rift.example.net', 'localhost'],
      ipAddresses: ['127.0.0.1', '::1'],
      now: NOW,
    });
    const leaf = new X509Certificate(issued.certPem);
    const caCert = new X509Certificate(ca.certPem);
    expect(issued.certPem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(leaf.checkIssued(caCert)).toBe(true);
    expect(leaf.verify(caCert.publicKey)).toBe(true);
    expect(leaf.subject).toBe('CN=rift.example.net');
    expect(leaf.subjectAltName).toBe(
      'DNS:rift.example.net, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(new Date(leaf.validTo).getTime()).toBe(NOW + 90 * DAY_MS);
    expect(leaf.checkPrivateKey(createPrivateKey(issued.keyPem))).toBe(true);
  });

  it('takes a loaded FleetCa, an IP-only name list and a lifetime', async () => {
    const fleetCa = await loadFleetCa(ca.certPem, ca.keyPem);
    const issued = await issueServerCertificate(fleetCa, {
      ipAddresses: ['100.64.0.1'],
      lifetimeDays: 7,
      now: NOW,
    });
    const leaf = new X509Certificate(issued.certPem);
    expect(leaf.subject).toBe('CN=100.64.0.1');
    expect(new Date(leaf.validTo).getTime()).toBe(NOW + 7 * DAY_MS);
  });

  it('works for a TLS 1.3 server dialled by address and by name', async () => {
    const realCa = await createFleetCa();
    const issued = await issueServerCertificate(realCa, {
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1'],
    });
    const byAddress = await tlsHandshake({ cert: issued.certPem, key: issued.keyPem, ca: realCa.certPem });
    const byName = await tlsHandshake({
      cert: issued.certPem,
      key: issued.keyPem,
      ca: realCa.certPem,
      servername: 'localhost',
    });
    expect([byAddress, byName]).toEqual([
      { ok: true, protocol: 'TLSv1.3' },
      { ok: true, protocol: 'TLSv1.3' },
    ]);
  });

  it.each([
    ['no names', {}, /at least one DNS name or IP address/],
    ['a malformed DNS name', { dnsNames: ['bad name'] }, /dnsNames: hostname "bad name"/],
    ['a wildcard', { dnsNames: ['*.example.net'] }, /wildcard/],
    ['a bad IP address', { ipAddresses: ['300.1.1.1'] }, /"300.1.1.1" is not an IP address/],
    ['a bad lifetime', { dnsNames: ['a.b'], lifetimeDays: -1 }, /lifetimeDays/],
  ])('refuses %s', async (_name, options, message) => {
    await expect(issueServerCertificate(ca, { now: NOW, ...options })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message,
    });
  });
});
