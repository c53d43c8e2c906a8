import { access, readFile } from 'node:fs/promises';
import { get } from 'node:https';
import { connect, type PeerCertificate, type SecureVersion } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { isProcessRunning } from './isProcessRunning.js';
import { randomLoopbackAddress } from './randomLoopbackAddress.js';
import { startAcmeCa, type AcmeCa } from './startAcmeCa.js';
import { startCaddy, type CaddyInstance } from './startCaddy.js';
import { startKnot } from './startKnot.js';
import { waitFor } from './waitFor.js';

/** Makes `caddy` an ACME client of `ca` for `name`, answering HTTP-01 on `address`:80. */
async function requestCertificate(caddy: CaddyInstance, ca: AcmeCa, name: string, address: string) {
  const issuer = {
    module: 'acme',
    ca: ca.directoryUrl,
    trusted_roots_pem_files: [ca.caCertPath],
    challenges: { 'tls-alpn': { disabled: true }, bind_host: address },
  };
  const policies = { policies: [{ subjects: [name], issuers: [issuer] }] };
  expect((await caddy.admin.request('PUT', '/config/apps/tls/automation', policies)).status).toBe(200);
  expect((await caddy.admin.request('PUT', '/config/apps/tls/certificates/automate', [name])).status).toBe(
    200,
  );
}

function peerCertificate(
  host: string,
  port: number,
  servername: string,
  ca: string,
  maxVersion: SecureVersion = 'TLSv1.3',
): Promise<PeerCertificate & { protocol: string | null }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, servername, ca, maxVersion }, () => {
      const certificate = socket.getPeerCertificate(true);
      const protocol = socket.getProtocol();
      socket.end();
      resolve({ ...certificate, protocol });
    });
    socket.on('error', reject);
  });
}

function getJson(url: string, ca: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) =>
    get(url, { ca }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve(JSON.parse(text) as Record<string, unknown>));
    }).on('error', reject),
  );
}

describe('startAcmeCa', () => {
  jest.setTimeout(60_000);
  let ca: AcmeCa;
  beforeAll(async () => (ca = await startAcmeCa()));
  afterAll(() => ca.stop());

  it('serves an ACME directory over HTTPS that its own root makes trusted', async () => {
    expect(ca.directoryUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/acme\/local\/directory$/);
    expect(ca.caCertPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(await readFile(ca.caCertPath, 'utf8')).toBe(ca.caCertPem);
    const { hostname, port } = new URL(ca.directoryUrl);
    const served = await peerCertificate(hostname, Number(port), '', ca.caCertPem);
    expect(served.subjectaltname).toContain('IP Address:127.0.0.1');
    const directory = await getJson(ca.directoryUrl, ca.caCertPem);
    expect(Object.keys(directory)).toEqual(expect.arrayContaining(['newNonce', 'newAccount', 'newOrder']));
  });

  it('never puts its root into the system trust store', async () => {
    const bundle = await readFile('/etc/ssl/certs/ca-certificates.crt', 'utf8').catch(() => '');
    const body = ca.caCertPem.split('\n').slice(1, 3).join('\n');
    expect(bundle).not.toContain(body);
  });

  it('issues a 12-hour certificate after HTTP-01 on port 80 of the address setHost named', async () => {
    const address = randomLoopbackAddress();
    const name = 'app.svc.mcp.test';
    ca.setHost(name, address);
    const client = await startCaddy({ host: address });
    try {
      await requestCertificate(client, ca, name, address);
      const certificate = await waitFor(() => peerCertificate(address, client.port, name, ca.caCertPem), {
        timeoutMs: 20_000,
        description: `a certificate for ${name}`,
      });
      expect(certificate.subjectaltname).toBe(`DNS:${name}`);
      expect(certificate.protocol).toBe('TLSv1.3');
      const hours = (Date.parse(certificate.valid_to) - Date.parse(certificate.valid_from)) / 3_600_000;
      expect(Math.round(hours)).toBe(12);
      // The node proxy's TLS floor holds: a TLS 1.2 client is refused.
      await expect(peerCertificate(address, client.port, name, ca.caCertPem, 'TLSv1.2')).rejects.toThrow();
    } finally {
      await client.stop();
    }
  });

  it('can resolve challenged names through a DNS server on port 53 instead', async () => {
    const knot = await startKnot({ address: randomLoopbackAddress(), port: 53 });
    const viaDns = await startAcmeCa({ nameserver: knot.address });
    const address = randomLoopbackAddress();
    const client = await startCaddy({ host: address });
    try {
      const name = 'dyn.svc.mcp.test';
      await knot.nsupdate([`update add ${name}. 60 A ${address}`]);
      await requestCertificate(client, viaDns, name, address);
      const certificate = await waitFor(() => peerCertificate(address, client.port, name, viaDns.caCertPem), {
        timeoutMs: 20_000,
        description: `a certificate for ${name}`,
      });
      expect(certificate.subjectaltname).toBe(`DNS:${name}`);
    } finally {
      await Promise.all([client.stop(), viaDns.stop(), knot.stop()]);
    }
  });

  it('follows setHost at once, even right after a validation (nothing caches names)', async () => {
    for (const name of ['one.svc.mcp.test', 'two.svc.mcp.test']) {
      const address = randomLoopbackAddress();
      ca.setHost(name, address);
      const client = await startCaddy({ host: address });
      try {
        await requestCertificate(client, ca, name, address);
        const certificate = await waitFor(() => peerCertificate(address, client.port, name, ca.caCertPem), {
          timeoutMs: 20_000,
          description: `a certificate for ${name}`,
        });
        expect(certificate.subjectaltname).toBe(`DNS:${name}`);
      } finally {
        await client.stop();
      }
    }
  });

  it('stops the CA and its DNS server and removes its directory, leaving the host files alone', async () => {
    const resolvBefore = await readFile('/etc/resolv.conf', 'utf8');
    const other = await startAcmeCa({ hosts: { 'x.svc.mcp.test': '127.0.0.5' } });
    expect(await readFile('/etc/resolv.conf', 'utf8')).toBe(resolvBefore);
    const pid = other.process.pid;
    await other.stop();
    expect(isProcessRunning(pid)).toBe(false);
    await expect(access(other.dir)).rejects.toThrow();
  });
});
