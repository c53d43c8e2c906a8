import { access, readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execa } from 'execa';
import { isProcessRunning } from './isProcessRunning.js';
import { startKnot, type KnotInstance } from './startKnot.js';

describe('startKnot', () => {
  jest.setTimeout(30_000);
  let knot: KnotInstance;
  beforeAll(async () => (knot = await startKnot()));
  afterAll(() => knot.stop());

  it('serves the zone with SOA and NS on loopback', async () => {
    expect(knot.zone).toBe('svc.mcp.test.');
    expect(await knot.query('svc.mcp.test', 'NS')).toEqual(['ns1.svc.mcp.test.']);
    expect(await knot.query('ns1.svc.mcp.test', 'A')).toEqual([knot.address]);
    expect(await knot.query('absent.svc.mcp.test', 'A')).toEqual([]);
    expect(knot.tsig).toMatchObject({ name: 'mcp-test.', algorithm: 'hmac-sha256' });
    expect(Buffer.from(knot.tsig.secret, 'base64')).toHaveLength(32);
    expect((await stat(knot.tsigKeyFile)).mode & 0o777).toBe(0o600);
    expect(knot.server).toBe(`127.0.0.1:${knot.port}`);
  });

  it('keeps the secret alone in a 0600 file, as the master reads tsigSecretFile', async () => {
    expect(await readFile(knot.secretFile, 'utf8')).toBe(`${knot.tsig.secret}\n`);
    expect((await stat(knot.secretFile)).mode & 0o777).toBe(0o600);
  });

  it('lists records sorted by data, with their TTLs', async () => {
    await knot.nsupdate([
      'update add many.svc.mcp.test. 30 A 127.0.0.10',
      'update add many.svc.mcp.test. 30 A 127.0.0.9',
      'update add many.svc.mcp.test. 30 A 127.0.0.11',
      'update add many.svc.mcp.test. 90 AAAA fd00::1',
    ]);
    expect(await knot.query('many.svc.mcp.test')).toEqual(['127.0.0.10', '127.0.0.11', '127.0.0.9']);
    expect(await knot.records('many.svc.mcp.test')).toEqual([
      { ttl: 30, data: '127.0.0.10' },
      { ttl: 30, data: '127.0.0.11' },
      { ttl: 30, data: '127.0.0.9' },
    ]);
    expect(await knot.records('many.svc.mcp.test', 'AAAA')).toEqual([{ ttl: 90, data: 'fd00::1' }]);
    expect(await knot.records('absent.svc.mcp.test')).toEqual([]);
    await knot.nsupdate(['update delete many.svc.mcp.test.']);
  });

  it.each(['hmac-sha1', 'hmac-sha224', 'hmac-sha384', 'hmac-sha512'] as const)(
    'takes updates signed with a %s key',
    async (algorithm) => {
      const other = await startKnot({ algorithm });
      try {
        expect(other.tsig.algorithm).toBe(algorithm);
        expect(await readFile(other.tsigKeyFile, 'utf8')).toContain(`algorithm ${algorithm};`);
        await other.nsupdate(['update add signed.svc.mcp.test. 60 A 127.0.0.5']);
        expect(await other.query('signed.svc.mcp.test')).toEqual(['127.0.0.5']);
      } finally {
        await other.stop();
      }
    },
  );

  it('says which name and type dig got no answer for', async () => {
    const other = await startKnot();
    try {
      await other.halt();
      await expect(other.records('svc.mcp.test', 'SOA')).rejects.toMatchObject({
        code: 'COMMAND_FAILED',
        message: expect.stringContaining('dig svc.mcp.test SOA exited'),
      });
    } finally {
      await other.stop();
    }
  });

  it('applies TSIG-signed updates, and keeps them across a restart', async () => {
    await knot.nsupdate(['update add app.svc.mcp.test. 60 A 127.0.0.9']);
    expect(await knot.query('app.svc.mcp.test')).toEqual(['127.0.0.9']);
    const firstPid = knot.process.pid;

    await knot.restart();
    expect(isProcessRunning(firstPid)).toBe(false);
    expect(await knot.query('app.svc.mcp.test')).toEqual(['127.0.0.9']);

    await knot.nsupdate(['update delete app.svc.mcp.test. A']);
    expect(await knot.query('app.svc.mcp.test')).toEqual([]);
  });

  it('halts (an outage) and starts again on the same data', async () => {
    await knot.nsupdate(['update add up.svc.mcp.test. 60 A 127.0.0.8']);
    const pid = knot.process.pid;
    await knot.halt();
    expect(isProcessRunning(pid)).toBe(false);
    await expect(knot.nsupdate(['update add down.svc.mcp.test. 60 A 127.0.0.7'])).rejects.toThrow();
    await knot.start();
    expect(await knot.query('up.svc.mcp.test')).toEqual(['127.0.0.8']);
  });

  it('refuses updates without the key', async () => {
    const script = `server ${knot.address} ${knot.port}\nzone ${knot.zone}\nupdate add evil.svc.mcp.test. 60 A 127.0.0.66\nsend\n`;
    const result = await execa('nsupdate', [], { input: script, reject: false });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr + result.stdout).toMatch(/REFUSED|NOTAUTH/);
    expect(await knot.query('evil.svc.mcp.test')).toEqual([]);
  });

  it('serves a zone passed in, with extra records, and stops cleanly', async () => {
    const other = await startKnot({ zone: 'example.test', records: ['www 60 A 127.0.0.42'] });
    expect(other.zone).toBe('example.test.');
    expect(await other.query('www.example.test')).toEqual(['127.0.0.42']);
    const pid = other.process.pid;
    await other.stop();
    expect(isProcessRunning(pid)).toBe(false);
    await expect(access(other.dir)).rejects.toThrow();
  });
});
