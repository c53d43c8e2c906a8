import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startKnot, waitFor, type KnotInstance } from '@mcp/testkit';
import { Rfc2136DnsProvider, type Rfc2136DnsProviderOptions } from './Rfc2136DnsProvider.js';

const zone = 'svc.mcp.example.test';
let knot: KnotInstance;
beforeAll(async () => {
  knot = await startKnot({ zone });
});
afterAll(async () => {
  await knot?.stop();
});

function provider(overrides: Partial<Rfc2136DnsProviderOptions> = {}): Rfc2136DnsProvider {
  return new Rfc2136DnsProvider({
    server: knot.server,
    zone,
    tsigKeyName: knot.tsig.name,
    tsigSecretFile: knot.secretFile,
    timeoutMs: 2000,
    ...overrides,
  });
}

const fqdn = (label: string): string => `${label}.${zone}`;

describe('Rfc2136DnsProvider against Knot', () => {
  it('checks the server, zone and key without changing the zone', async () => {
    const before = await knot.query(zone, 'SOA');
    await expect(provider().check()).resolves.toMatchObject({
      applied: true,
      detail: expect.stringContaining(`accepts updates to ${zone}`),
    });
    expect(await knot.query(zone, 'SOA')).toEqual(before);
  });

  it('sets an A record that Knot then serves', async () => {
    const result = await provider().setA(fqdn('web'), ['100.64.0.7']);
    expect(result).toEqual({
      applied: true,
      detail: `${fqdn('web')} → 100.64.0.7 (ttl 60) on ${knot.server}`,
    });
    expect(await knot.query(fqdn('web'))).toEqual(['100.64.0.7']);
  });

  it.each([
    ['one A by another', ['10.0.0.1'], ['10.0.0.2'], ['10.0.0.2'], []],
    ['two A by one', ['10.0.0.1', '10.0.0.2'], ['10.0.0.3'], ['10.0.0.3'], []],
    ['A by AAAA', ['10.0.0.1'], ['fd00::1'], [], ['fd00::1']],
    ['A+AAAA by two A', ['10.0.0.1', 'fd00::1'], ['10.0.0.5', '10.0.0.4'], ['10.0.0.4', '10.0.0.5'], []],
    ['the same set', ['10.0.0.1'], ['10.0.0.1', '10.0.0.1'], ['10.0.0.1'], []],
  ])('replaces %s, leaving only the new addresses', async (label, first, next, a, aaaa) => {
    const name = fqdn(`replace-${label.replaceAll(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
    await provider().setA(name, first);
    await provider().setA(name, next);
    // Knot answers an update once it is in its journal; a query right after
    // may still see the zone before it (seen under load), so wait for it.
    const served = async () => JSON.stringify([await knot.query(name, 'A'), await knot.query(name, 'AAAA')]);
    await waitFor(async () => (await served()) === JSON.stringify([a, aaaa]), {
      timeoutMs: 5000,
      intervalMs: 50,
      description: `${name} to serve ${JSON.stringify([a, aaaa])}`,
    }).catch(() => undefined);
    expect(await knot.query(name, 'A')).toEqual(a);
    expect(await knot.query(name, 'AAAA')).toEqual(aaaa);
  });

  it('uses the TTL of the call, else the default', async () => {
    await provider({ ttl: 120 }).setA(fqdn('ttl-a'), ['10.1.0.1']);
    await provider({ ttl: 120 }).setA(fqdn('ttl-b'), ['10.1.0.2'], 30);
    expect(await knot.records(fqdn('ttl-a'))).toEqual([{ ttl: 120, data: '10.1.0.1' }]);
    expect(await knot.records(fqdn('ttl-b'))).toEqual([{ ttl: 30, data: '10.1.0.2' }]);
  });

  it('deletes A and AAAA records, and succeeds when there are none', async () => {
    await provider().setA(fqdn('gone'), ['10.2.0.1', 'fd00::2']);
    await expect(provider().deleteA(`${fqdn('GONE')}.`)).resolves.toMatchObject({ applied: true });
    expect(await knot.query(fqdn('gone'), 'A')).toEqual([]);
    expect(await knot.query(fqdn('gone'), 'AAAA')).toEqual([]);
    await expect(provider().deleteA(fqdn('never-there'))).resolves.toMatchObject({ applied: true });
  });

  it.each([
    ['a wrong secret', 'NOT_AUTHORIZED', /BADSIG/, { secret: 'd3Jvbmcgc2VjcmV0IHdyb25nIHNlY3JldA==' }],
    ['an unknown key name', 'NOT_AUTHORIZED', /BADKEY/, { tsigKeyName: 'someone-else' }],
    ['another algorithm', 'NOT_AUTHORIZED', /BADKEY/, { tsigAlgorithm: 'hmac-sha512' as const }],
    [
      'a zone Knot does not serve',
      'NOT_ZONE',
      /not authoritative for zone example\.org/,
      { zone: 'example.org' },
    ],
  ])('refuses %s with a clear error and changes nothing', async (_, code, message, change) => {
    await provider().setA(fqdn('guarded'), ['10.3.0.1']);
    const { secret, ...overrides } = change as { secret?: string } & Partial<Rfc2136DnsProviderOptions>;
    let tsigSecretFile = knot.secretFile;
    if (secret !== undefined) {
      tsigSecretFile = join(knot.dir, 'wrong.secret');
      await writeFile(tsigSecretFile, secret, { mode: 0o600 });
    }
    const name = overrides.zone === undefined ? fqdn('guarded') : 'guarded.example.org';
    const error = await provider({ tsigSecretFile, ...overrides })
      .setA(name, ['10.3.0.2'])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DnsError', code, message: expect.stringMatching(message) });
    expect(String((error as Error).message)).not.toContain(secret ?? '@@');
    expect(await knot.query(fqdn('guarded'))).toEqual(['10.3.0.1']);
  });

  it.each([
    ['outside the zone', 'web.example.org'],
    ['the zone apex', 'svc.mcp.example.test'],
    ['a suffix but not a subdomain', 'web.evilsvc.mcp.example.test'],
    ['a name with a space', 'we b.svc.mcp.example.test'],
    ['a name with a newline', 'x.svc.mcp.example.test A\nupdate add y.svc.mcp.example.test 60 A 1.2.3.4'],
  ])('refuses %s before sending anything', async (_, name) => {
    // A missing nsupdate would fail with TOOL_FAILED: INVALID_NAME proves nothing was sent.
    const refusing = provider({ nsupdatePath: '/nonexistent/nsupdate' });
    await expect(refusing.setA(name, ['10.4.0.1'])).rejects.toMatchObject({ code: 'INVALID_NAME' });
    await expect(refusing.deleteA(name)).rejects.toMatchObject({ code: 'INVALID_NAME' });
  });

  it('says when nsupdate is missing', async () => {
    await expect(provider({ nsupdatePath: '/nonexistent/nsupdate' }).check()).rejects.toMatchObject({
      code: 'TOOL_FAILED',
      message: expect.stringContaining('bind9-dnsutils'),
    });
  });

  it('applies updates back to back, the last one winning', async () => {
    const dns = provider();
    for (let i = 0; i < 10; i += 1) await dns.setA(fqdn('fast'), [`10.5.0.${i + 1}`]);
    expect(await knot.query(fqdn('fast'))).toEqual(['10.5.0.10']);
  });

  it('keeps dynamic records across a Knot restart', async () => {
    await provider().setA(fqdn('durable'), ['10.6.0.1', 'fd00::6']);
    await knot.halt();
    await knot.start();
    expect(await knot.query(fqdn('durable'), 'A')).toEqual(['10.6.0.1']);
    expect(await knot.query(fqdn('durable'), 'AAAA')).toEqual(['fd00::6']);
  });
});
