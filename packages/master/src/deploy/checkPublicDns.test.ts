// Against a real DNS server on loopback (testkit's static one): the lookup
// goes to the resolver the config names, never to the system's.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStaticDns, type StaticDns } from '@mcp/testkit';
import { checkPublicDns } from './checkPublicDns.js';

const EDGE = '100.64.0.9:9444';
let dns: StaticDns;
let server: string;

beforeAll(async () => {
  dns = await startStaticDns({
    records: { 'www.example.test': '100.64.0.9', 'shop.example.test': '100.64.0.7' },
  });
  server = `${dns.address}:${dns.port}`;
});
afterAll(() => dns?.stop());

describe('checkPublicDns with a resolver', () => {
  it('is quiet when the name points at the edge', async () => {
    expect(await checkPublicDns('www.example.test', EDGE, server)).toBeUndefined();
  });

  it.each([
    [
      'shop.example.test',
      'public DNS: shop.example.test resolves to 100.64.0.7, not to the edge (100.64.0.9)',
    ],
    [
      'new.example.test',
      'public DNS: new.example.test does not resolve (EREFUSED); point it at the edge (100.64.0.9)',
    ],
  ])('warns about %s, naming what it found', async (hostname, warning) => {
    expect(await checkPublicDns(hostname, EDGE, server)).toBe(
      `${warning}; public DNS is managed outside MCP`,
    );
  });

  it('looks nothing up when off', async () => {
    expect(await checkPublicDns('new.example.test', EDGE, 'off')).toBeUndefined();
  });

  it('gives up by the timeout when the resolver does not answer', async () => {
    // A port nothing listens on: no answer, not a refusal.
    const warning = await checkPublicDns('www.example.test', EDGE, `${dns.address}:9`, 300);
    expect(warning).toMatch(
      /^public DNS: www\.example\.test does not resolve \((ETIMEOUT|ECONNREFUSED|no answer in time)\)/,
    );
  });
});
