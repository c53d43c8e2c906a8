import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execa } from 'execa';
import { freePort } from './freePort.js';
import { startStaticDns, type StaticDns } from './startStaticDns.js';

describe('startStaticDns', () => {
  let dns: StaticDns;
  const dig = async (name: string, type: string) => {
    const { stdout } = await execa('dig', [
      `@${dns.address}`,
      '-p',
      String(dns.port),
      '+time=1',
      '+tries=1',
      name,
      type,
    ]);
    const status = /status: (\w+)/.exec(stdout)?.[1];
    const answers = stdout
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith(';'))
      .map((line) => line.split(/\s+/).at(-1));
    return { status, answers };
  };

  beforeAll(async () => {
    // A free high port keeps this test independent of port 53; startAcmeCa uses 53.
    dns = await startStaticDns({
      address: '127.0.0.1',
      port: await freePort({ udp: true }),
      records: { 'a.test': '127.0.0.7' },
    });
  });
  afterAll(() => dns.stop());

  it.each([
    ['a known name', 'a.test', 'A', 'NOERROR', ['127.0.0.7']],
    ['names case-insensitively', 'A.Test.', 'A', 'NOERROR', ['127.0.0.7']],
    ['a known name without that type as NODATA', 'a.test', 'AAAA', 'NOERROR', []],
    ['an unknown name as REFUSED, so resolvers try their next server', 'b.test', 'A', 'REFUSED', []],
  ])('answers %s', async (_, name, type, status, answers) => {
    expect(await dig(name, type)).toEqual({ status, answers });
  });

  it('follows set and delete at once, for IPv4 and IPv6', async () => {
    dns.set('v6.test', 'fd00::1:2');
    expect(await dig('v6.test', 'AAAA')).toEqual({ status: 'NOERROR', answers: ['fd00::1:2'] });
    dns.set('a.test', '127.0.0.8');
    expect((await dig('a.test', 'A')).answers).toEqual(['127.0.0.8']);
    dns.delete('a.test');
    expect((await dig('a.test', 'A')).status).toBe('REFUSED');
    expect(() => dns.set('bad.test', 'not-an-ip')).toThrow();
  });

  it('listens on port 53 of a random loopback address by default', async () => {
    const other = await startStaticDns({ records: { 'c.test': '127.0.0.9' } });
    try {
      expect(other.port).toBe(53);
      expect(other.address).toMatch(/^127\./);
      const { stdout } = await execa('dig', [`@${other.address}`, '+short', 'c.test', 'A']);
      expect(stdout.trim()).toBe('127.0.0.9');
    } finally {
      await other.stop();
    }
  });
});
