import { describe, expect, it } from '@jest/globals';
import type { TsigAlgorithm } from '@mcp/spec';
import { startKnot } from '@mcp/testkit';
import { Rfc2136DnsProvider } from './Rfc2136DnsProvider.js';

describe('Rfc2136DnsProvider TSIG algorithms', () => {
  it.each<TsigAlgorithm>(['hmac-sha1', 'hmac-sha224', 'hmac-sha256', 'hmac-sha384', 'hmac-sha512'])(
    'updates a Knot whose key uses %s',
    async (algorithm) => {
      const knot = await startKnot({ algorithm });
      try {
        const dns = new Rfc2136DnsProvider({
          server: knot.server,
          zone: knot.zone,
          tsigKeyName: knot.tsig.name,
          tsigAlgorithm: algorithm,
          tsigSecretFile: knot.secretFile,
        });
        await dns.check();
        await dns.setA(`web.${knot.zone}`, ['100.64.1.1']);
        expect(await knot.query(`web.${knot.zone}`)).toEqual(['100.64.1.1']);
      } finally {
        await knot.stop();
      }
    },
  );
});
