import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { startKnot, type KnotInstance } from '@mcp/testkit';
import { Rfc2136DnsProvider } from './Rfc2136DnsProvider.js';

let knot: KnotInstance;
// A UDP socket on loopback that reads requests and never answers.
let silent: Socket;
beforeAll(async () => {
  knot = await startKnot();
  silent = createSocket('udp4');
  silent.bind(0, '127.0.0.1');
  await once(silent, 'listening');
});
afterAll(async () => {
  silent?.close();
  await knot?.stop();
});

function provider(server: string, timeoutMs: number): Rfc2136DnsProvider {
  return new Rfc2136DnsProvider({
    server,
    zone: knot.zone,
    tsigKeyName: knot.tsig.name,
    tsigSecretFile: knot.secretFile,
    timeoutMs,
  });
}

describe('Rfc2136DnsProvider when the server does not answer', () => {
  it('fails fast with UNREACHABLE when Knot is stopped, and works again once it is back', async () => {
    await knot.halt();
    const started = performance.now();
    await expect(provider(knot.server, 3000).setA(`web.${knot.zone}`, ['10.0.0.1'])).rejects.toMatchObject({
      name: 'DnsError',
      code: expect.stringMatching(/^(UNREACHABLE|TIMEOUT)$/),
      message: expect.stringMatching(new RegExp(`${knot.server}.*(unreachable|timed out)`)),
    });
    expect(performance.now() - started).toBeLessThan(3500);
    await knot.start();
    await expect(provider(knot.server, 3000).check()).resolves.toMatchObject({ applied: true });
  });

  it.each([[500], [1500]])(
    'gives up on a silent server after the %i ms timeout with TIMEOUT',
    async (timeoutMs) => {
      const { port } = silent.address();
      const started = performance.now();
      await expect(
        provider(`127.0.0.1:${port}`, timeoutMs).deleteA(`web.${knot.zone}`),
      ).rejects.toMatchObject({
        code: 'TIMEOUT',
        message: `no answer from DNS server 127.0.0.1:${port} within ${timeoutMs} ms (unreachable or timed out)`,
      });
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 50);
      expect(elapsed).toBeLessThan(timeoutMs + 1000);
    },
  );
});
