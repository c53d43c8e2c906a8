import { describe, expect, it } from '@jest/globals';
import { NoopDnsProvider } from './NoopDnsProvider.js';

describe('NoopDnsProvider', () => {
  const dns = new NoopDnsProvider();

  it.each([
    [
      'setA',
      () => dns.setA('web.svc.mcp.example.org', ['100.64.0.1', 'fd00::1']),
      'DNS provider is "none": web.svc.mcp.example.org → 100.64.0.1, fd00::1 not registered',
    ],
    [
      'deleteA',
      () => dns.deleteA('web.svc.mcp.example.org'),
      'DNS provider is "none": no record of web.svc.mcp.example.org removed',
    ],
    ['check', () => dns.check(), 'DNS provider is "none": no records are managed'],
  ])('%s changes nothing and says so', async (_, call, detail) => {
    await expect(call()).resolves.toEqual({ applied: false, detail });
  });
});
