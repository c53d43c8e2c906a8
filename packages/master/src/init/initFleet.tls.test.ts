import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tlsHandshake } from '../pki/testing/tlsHandshake.js';
import { initFleet } from './initFleet.js';

let dir: string;
const read = (file: string): string => readFileSync(join(dir, file), 'utf8');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mcp-init-tls-'));
  await initFleet({
    dir,
    masterNode: 'rift',
    zone: 'fleet.test',
    masterAddresses: ['localhost', '127.0.0.1'],
    agentAddresses: { orion: ['127.0.0.1'] },
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the files initFleet makes, over real TLS 1.3', () => {
  it.each([['localhost'], [undefined]])(
    'serve the master to a client trusting ca.pem (servername %s)',
    async (servername) => {
      const result = await tlsHandshake({
        cert: read('master.pem'),
        key: read('master.key'),
        ca: read('ca.pem'),
        ...(servername === undefined ? {} : { servername }),
      });
      expect(result).toEqual({ ok: true, protocol: 'TLSv1.3' });
    },
  );

  it('serve an agent listener by its address', async () => {
    const result = await tlsHandshake({
      cert: read('agents/orion.pem'),
      key: read('agents/orion.key'),
      ca: read('ca.pem'),
    });
    expect(result).toEqual({ ok: true, protocol: 'TLSv1.3' });
  });

  it('do not pass for a name the master certificate lacks', async () => {
    const result = await tlsHandshake({
      cert: read('master.pem'),
      key: read('master.key'),
      ca: read('ca.pem'),
      servername: 'evil.example.net',
    });
    expect(result).toMatchObject({ ok: false, code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });
});
