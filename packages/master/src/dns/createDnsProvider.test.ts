import { describe, expect, it } from '@jest/globals';
import type { MasterConfig } from '@mcp/spec';
import { createDnsProvider } from './createDnsProvider.js';
import { NoopDnsProvider } from './NoopDnsProvider.js';
import { Rfc2136DnsProvider, type Rfc2136DnsProviderOptions } from './Rfc2136DnsProvider.js';

const rfc2136 = {
  server: '127.0.0.1:53',
  tsigKeyName: 'mcp-master',
  tsigAlgorithm: 'hmac-sha256' as const,
  tsigSecretFile: '/etc/mcp/tsig.secret',
};

describe('createDnsProvider', () => {
  it('gives the no-op provider for "none"', () => {
    expect(createDnsProvider({ provider: 'none', ttl: 60 }, { zone: 'example.org' })).toBeInstanceOf(
      NoopDnsProvider,
    );
  });

  it('gives an RFC 2136 provider for "rfc2136"', () => {
    const dns: MasterConfig['dns'] = { provider: 'rfc2136', rfc2136, ttl: 300 };
    expect(createDnsProvider(dns, { zone: 'svc.mcp.example.org' })).toBeInstanceOf(Rfc2136DnsProvider);
  });

  it('refuses "rfc2136" without its settings', () => {
    expect(() => createDnsProvider({ provider: 'rfc2136', ttl: 60 }, { zone: 'example.org' })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION', message: expect.stringContaining('[dns.rfc2136]') }),
    );
  });
});

describe('Rfc2136DnsProvider options', () => {
  it.each<[string, Partial<Rfc2136DnsProviderOptions>, RegExp]>([
    ['a bad zone', { zone: 'not a zone' }, /DNS zone "not a zone"/],
    ['a bad key name', { tsigKeyName: 'key\nsend' }, /TSIG key name/],
    ['a bad algorithm', { tsigAlgorithm: 'hmac-md5' as never }, /TSIG algorithm "hmac-md5"/],
    ['a bad server', { server: 'ns1:dns' }, /DNS server "ns1:dns"/],
    ['a negative TTL', { ttl: -1 }, /DNS TTL -1/],
    ['a fractional TTL', { ttl: 1.5 }, /DNS TTL 1.5/],
    ['a zero timeout', { timeoutMs: 0 }, /DNS timeout 0 ms/],
  ])('refuses %s', (_, change, message) => {
    expect(() => new Rfc2136DnsProvider({ ...rfc2136, zone: 'example.org', ...change })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION', message: expect.stringMatching(message) }),
    );
  });

  it('refuses a bad TTL in a call before sending', async () => {
    const dns = new Rfc2136DnsProvider({ ...rfc2136, zone: 'example.org', nsupdatePath: '/nonexistent' });
    await expect(dns.setA('web.example.org', ['10.0.0.1'], 2 ** 31)).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    });
  });
});
