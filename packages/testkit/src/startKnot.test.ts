import { access, stat } from 'node:fs/promises';
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
