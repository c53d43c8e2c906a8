import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createFleetCa } from './createFleetCa.js';
import { loadFleetCa, type FleetCa } from './FleetCa.js';
import { issueAgentCertificate } from './issueAgentCertificate.js';
import { makeCsr, tamperCsr } from './testing/makeCsr.js';

const NOW = Date.UTC(2026, 3, 1, 12, 0, 0);
const POLICY = {
  zone: 'metacircular.net',
  allowedDomains: ['metacircular.net'],
  lifetimeMs: 3_600_000,
  now: NOW,
};

let ca: FleetCa;

beforeAll(async () => {
  const material = await createFleetCa({ now: NOW - 1000 });
  ca = await loadFleetCa(material.certPem, material.keyPem);
});

describe('issueAgentCertificate', () => {
  it.each([
    ['agent-orion', 'worker', 'api.svc.mcp.metacircular.net'],
    ['agent-rift', 'master', 'mcr.svc.mcp.metacircular.net'],
    ['agent-svc', 'edge', 'www.metacircular.net'],
  ] as const)('signs for %s (%s): %s', async (identity, role, name) => {
    const { csrPem } = await makeCsr({ dnsNames: [name] });
    const signed = await issueAgentCertificate(ca, { ...POLICY, csrPem, identity, role });
    expect(new X509Certificate(signed.chainPem).subjectAltName).toBe(`DNS:${name}`);
  });

  it.each([
    ['agent-orion', 'worker', 'www.metacircular.net'],
    ['agent-svc', 'edge', 'api.svc.mcp.metacircular.net'],
    ['agent-svc', 'edge', 'evilmetacircular.net'],
  ] as const)('refuses %s (%s) %s with POLICY_DENIED', async (identity, role, name) => {
    const { csrPem } = await makeCsr({ dnsNames: [name] });
    await expect(issueAgentCertificate(ca, { ...POLICY, csrPem, identity, role })).rejects.toMatchObject({
      code: 'POLICY_DENIED',
      message: expect.stringContaining(`${identity} (${role}) may not get a certificate for "${name}"`),
    });
  });

  it('checks the signature before the policy', async () => {
    const { csrPem } = await makeCsr({ dnsNames: ['www.metacircular.net'] });
    const tampered = tamperCsr(csrPem, 'www', 'wwx');
    await expect(
      issueAgentCertificate(ca, { ...POLICY, csrPem: tampered, identity: 'agent-orion', role: 'worker' }),
    ).rejects.toMatchObject({ code: 'BAD_CSR' });
  });
});
