import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createTokenVerifier, generateSigningKeyPair } from '@mcp/auth';
import { createFleetCa, issueServerCertificate } from '../pki/index.js';
import { initFleet } from './initFleet.js';
import type { InitFleetOptions } from './resolveInitOptions.js';

const NOW = Date.now();
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-init-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fleet(dir: string, extra: Partial<InitFleetOptions> = {}): InitFleetOptions {
  return {
    dir,
    masterNode: 'rift',
    zone: 'example.net',
    masterAddresses: ['rift.example.net', '127.0.0.1'],
    agents: ['orion', 'svc'],
    agentAddresses: { orion: ['127.0.0.1', 'orion.example.net'] },
    operators: ['kyle'],
    now: NOW,
    ...extra,
  };
}

const EXPECTED_MODES: [string, number][] = [
  ['ca.pem', 0o644],
  ['ca.key', 0o600],
  ['signing.key', 0o600],
  ['signing.pub', 0o644],
  ['master.pem', 0o644],
  ['master.key', 0o600],
  ['agents/orion.pem', 0o644],
  ['agents/orion.key', 0o600],
  ['tokens/kyle.token', 0o600],
  ['tokens/agent-rift.token', 0o600],
  ['tokens/agent-orion.token', 0o600],
  ['tokens/agent-svc.token', 0o600],
  ['tokens/direct/kyle/rift.token', 0o600],
  ['tokens/direct/kyle/orion.token', 0o600],
  ['tokens/direct/kyle/svc.token', 0o600],
  ['config/mcp-master.toml', 0o644],
  ['config/mcp-agent-orion.toml', 0o644],
];

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(EXPECTED_MODES.map(([file]) => [file, readFileSync(join(dir, file), 'utf8')]));
}

describe('initFleet', () => {
  it('creates every file of a new fleet with the right mode, in a 0700 directory', async () => {
    const dir = join(tempDir(), 'fleet');
    const summary = await initFleet(fleet(dir));
    expect(summary.files).toEqual(
      EXPECTED_MODES.map(([file]) => ({ path: join(dir, file), status: 'created' })),
    );
    for (const [file, mode] of EXPECTED_MODES) {
      expect([file, statSync(join(dir, file)).mode & 0o777]).toEqual([file, mode]);
    }
    for (const sub of ['', 'tokens', 'agents', 'tokens/direct', 'tokens/direct/kyle', 'config']) {
      expect(statSync(join(dir, sub)).mode & 0o777).toBe(0o700);
    }
    // No temporary files are left behind.
    expect(readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('makes tokens that verify with signing.pub, each accepted by its one receiver only', async () => {
    const dir = tempDir();
    await initFleet(fleet(dir, { tokenTtlDays: 30 }));
    const publicKey = readFileSync(join(dir, 'signing.pub'), 'utf8');
    const receivers = ['mcp-master', 'agent-rift', 'agent-orion', 'agent-svc'];
    const verifiers = new Map(
      receivers.map((aud) => [aud, createTokenVerifier({ publicKey }, { audience: aud })]),
    );
    const expected: [string, string, 'human' | 'agent', string][] = [
      ['tokens/kyle.token', 'kyle', 'human', 'mcp-master'],
      ['tokens/agent-rift.token', 'agent-rift', 'agent', 'mcp-master'],
      ['tokens/agent-orion.token', 'agent-orion', 'agent', 'mcp-master'],
      ['tokens/agent-svc.token', 'agent-svc', 'agent', 'mcp-master'],
      ['tokens/direct/kyle/rift.token', 'kyle', 'human', 'agent-rift'],
      ['tokens/direct/kyle/orion.token', 'kyle', 'human', 'agent-orion'],
    ];
    for (const [file, sub, kind, receiver] of expected) {
      const token = readFileSync(join(dir, file), 'utf8').trim();
      for (const [aud, verifier] of verifiers) {
        if (aud === receiver) await expect(verifier.verify(token)).resolves.toEqual({ sub, kind });
        else await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'WRONG_AUDIENCE' });
      }
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
      expect(claims.exp - claims.iat).toBe(30 * 86_400);
    }
  });

  it('gives the master certificate its addresses as SANs, chained to ca.pem', async () => {
    const dir = tempDir();
    await initFleet(fleet(dir));
    const ca = new X509Certificate(readFileSync(join(dir, 'ca.pem')));
    const master = new X509Certificate(readFileSync(join(dir, 'master.pem')));
    expect(master.checkIssued(ca) && master.verify(ca.publicKey)).toBe(true);
    expect(master.subjectAltName).toBe('DNS:rift.example.net, IP Address:127.0.0.1');
    const agent = new X509Certificate(readFileSync(join(dir, 'agents', 'orion.pem')));
    expect(agent.subjectAltName).toBe(
      'DNS:orion.node.mcp.example.net, DNS:orion.example.net, IP Address:127.0.0.1',
    );
  });

  it('keeps everything byte for byte when run again, and reports it kept', async () => {
    const dir = tempDir();
    await initFleet(fleet(dir));
    const before = snapshot(dir);
    const again = await initFleet(fleet(dir, { now: NOW + 1000 }));
    expect(again.files.every(({ status }) => status === 'kept')).toBe(true);
    expect(again.files).toHaveLength(EXPECTED_MODES.length);
    expect(snapshot(dir)).toEqual(before);
  });

  it('adds only what is missing: a new agent, a new operator, a lost signing.pub', async () => {
    const dir = tempDir();
    await initFleet(fleet(dir));
    const before = snapshot(dir);
    unlinkSync(join(dir, 'signing.pub'));
    const summary = await initFleet(
      fleet(dir, { agents: ['orion', 'svc', 'hyperborea'], operators: ['kyle', 'ops'] }),
    );
    const created = summary.files.filter(({ status }) => status === 'created').map(({ path }) => path);
    expect(created).toEqual(
      [
        'signing.pub',
        'tokens/ops.token',
        'tokens/agent-hyperborea.token',
        'tokens/direct/kyle/hyperborea.token',
        'tokens/direct/ops/rift.token',
        'tokens/direct/ops/orion.token',
        'tokens/direct/ops/svc.token',
        'tokens/direct/ops/hyperborea.token',
      ].map((file) => join(dir, file)),
    );
    expect(readFileSync(join(dir, 'signing.pub'), 'utf8')).toBe(before['signing.pub']);
    expect(snapshot(dir)).toEqual(before);
  });

  it.each([
    ['ca.pem without ca.key', 'ca.key', /ca\.pem exists but .*ca\.key does not/, 'INCOMPLETE_PAIR'],
    ['ca.key without ca.pem', 'ca.pem', /ca\.key exists but .*ca\.pem does not/, 'INCOMPLETE_PAIR'],
    [
      'master.pem without its key',
      'master.key',
      /master\.pem exists but .*master\.key does not/,
      'INCOMPLETE_PAIR',
    ],
    [
      'signing.pub without signing.key',
      'signing.key',
      /signing\.pub exists but .*signing\.key does not/,
      'INCOMPLETE_PAIR',
    ],
  ])('refuses %s and changes nothing', async (_name, remove, message, code) => {
    const dir = tempDir();
    await initFleet(fleet(dir));
    unlinkSync(join(dir, remove));
    const before = readdirSync(dir, { recursive: true }).sort();
    await expect(initFleet(fleet(dir))).rejects.toMatchObject({ code, message });
    expect(readdirSync(dir, { recursive: true }).sort()).toEqual(before);
  });

  it('refuses a half CA in a fresh directory without creating anything', async () => {
    const dir = tempDir();
    const { certPem } = await createFleetCa();
    writeFileSync(join(dir, 'ca.pem'), certPem);
    await expect(initFleet(fleet(dir))).rejects.toMatchObject({ code: 'INCOMPLETE_PAIR' });
    expect(readdirSync(dir)).toEqual(['ca.pem']);
  });

  it.each<[string, (dir: string) => Promise<void>, RegExp]>([
    [
      'a master certificate from another CA',
      async (dir) => {
        const other = await issueServerCertificate(await createFleetCa(), { dnsNames: ['rift.example.net'] });
        writeFileSync(join(dir, 'master.pem'), other.certPem);
        writeFileSync(join(dir, 'master.key'), other.keyPem);
      },
      /master\.pem was not issued by ca\.pem/,
    ],
    [
      'a CA key of another CA',
      async (dir) => {
        writeFileSync(join(dir, 'ca.key'), (await createFleetCa()).keyPem);
      },
      /not a usable CA/,
    ],
    [
      'a signing.pub of another key',
      (dir) => {
        writeFileSync(join(dir, 'signing.pub'), generateSigningKeyPair().publicKeyPem);
        return Promise.resolve();
      },
      /signing\.key is not an Ed25519 private key matching signing\.pub/,
    ],
  ])('refuses %s', async (_name, spoil, message) => {
    const dir = tempDir();
    await initFleet(fleet(dir));
    await spoil(dir);
    await expect(initFleet(fleet(dir))).rejects.toMatchObject({ code: 'INCONSISTENT_FILES', message });
  });

  it('refuses tokens whose signing key is gone, before writing a new key', async () => {
    const dir = tempDir();
    await initFleet(fleet(dir));
    unlinkSync(join(dir, 'signing.key'));
    unlinkSync(join(dir, 'signing.pub'));
    await expect(initFleet(fleet(dir))).rejects.toMatchObject({
      code: 'INCONSISTENT_FILES',
      message: /kyle\.token exists but there is no signing\.key/,
    });
    expect(readdirSync(dir)).not.toContain('signing.key');
  });

  it.each<[string, Partial<InitFleetOptions>, RegExp]>([
    ['a bad master node', { masterNode: 'Rift' }, /node name "Rift"/],
    ['a bad agent', { agents: ['or_ion'] }, /node name "or_ion"/],
    ['a reserved operator name', { operators: ['agent-x'] }, /operator "agent-x"/],
    ['no master address', { masterAddresses: [] }, /master addresses: give at least one/],
    ['a bad address', { masterAddresses: ['bad name'] }, /not an IP address/],
    ['a bad token lifetime', { tokenTtlDays: 0 }, /tokenTtlDays/],
    ['a bad zone', { zone: 'Example.NET.' }, /zone "Example.NET." is not a lowercase DNS name/],
  ])('refuses %s before touching the disk', async (_name, override, message) => {
    const dir = join(tempDir(), 'fleet');
    await expect(initFleet(fleet(dir, override))).rejects.toMatchObject({ code: 'INVALID_OPTION', message });
    expect(() => statSync(dir)).toThrow();
  });
});
