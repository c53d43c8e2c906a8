import { beforeAll, describe, expect, it } from '@jest/globals';
import { createFleetCa, type CertificateAndKey } from './createFleetCa.js';
import { loadFleetCa } from './FleetCa.js';
import { issueAgentCertificate } from './issueAgentCertificate.js';
import { makeCsr } from './testing/makeCsr.js';
import { tlsHandshake } from './testing/tlsHandshake.js';

const NAME = 'api.svc.mcp.example.net';

let caMaterial: CertificateAndKey;
let otherCa: CertificateAndKey;
let leaf: CertificateAndKey;

beforeAll(async () => {
  caMaterial = await createFleetCa();
  otherCa = await createFleetCa();
  const ca = await loadFleetCa(caMaterial.certPem, caMaterial.keyPem);
  const { csrPem, keyPem } = await makeCsr({ commonName: NAME, dnsNames: [NAME] });
  const signed = await issueAgentCertificate(ca, {
    csrPem,
    identity: 'agent-orion',
    role: 'worker',
    zone: 'example.net',
    allowedDomains: [],
    lifetimeMs: 3_600_000,
    now: Date.now(),
  });
  leaf = { certPem: signed.chainPem, keyPem };
});

describe('a certificate signed from a CSR, over real TLS 1.3', () => {
  it('is accepted by a client that trusts only the fleet CA, for its SAN', async () => {
    const result = await tlsHandshake({
      cert: leaf.certPem,
      key: leaf.keyPem,
      ca: caMaterial.certPem,
      servername: NAME,
    });
    expect(result).toEqual({ ok: true, protocol: 'TLSv1.3' });
  });

  it.each([['web.svc.mcp.example.net'], ['svc.mcp.example.net']])(
    'is refused for %s, a name not in it',
    async (servername) => {
      const result = await tlsHandshake({
        cert: leaf.certPem,
        key: leaf.keyPem,
        ca: caMaterial.certPem,
        servername,
      });
      expect(result).toMatchObject({ ok: false, code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    },
  );

  it('is refused for an address, since it carries no IP SAN', async () => {
    const result = await tlsHandshake({ cert: leaf.certPem, key: leaf.keyPem, ca: caMaterial.certPem });
    expect(result).toMatchObject({ ok: false, code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('is refused by a client that trusts another CA', async () => {
    const result = await tlsHandshake({
      cert: leaf.certPem,
      key: leaf.keyPem,
      ca: otherCa.certPem,
      servername: NAME,
    });
    expect(result).toMatchObject({ ok: false, code: 'SELF_SIGNED_CERT_IN_CHAIN' });
  });
});
