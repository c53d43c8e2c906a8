// CaddyDriver against a real Caddy: what it writes while another call of
// its own rebuilds a config Caddy lost is kept.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { caddyAdmin, CaddyDriver, type ProxyRoute } from '@mcp/agent';
import { startCaddy, type CaddyInstance } from '@mcp/testkit';

let caddy: CaddyInstance;
beforeAll(async () => {
  caddy = await startCaddy();
}, 30_000);
afterAll(async () => {
  await caddy?.stop();
});

const route = (id: string): ProxyRoute => ({
  id,
  hostnames: [`${id}.test`],
  upstream: '',
  respond: { status: 200, body: id },
});

it('keeps a route added while ensureReady rebuilds the apps Caddy lost (its read held back)', async () => {
  const socket = caddy.adminSocket;
  let holdNextRead = false;
  let routeWritten!: () => void;
  const written = new Promise<void>((resolve) => (routeWritten = resolve));
  const driver = new CaddyDriver({
    adminSocket: socket,
    listen: [`${caddy.host}:${caddy.port}`],
    admin: async (method, path, body) => {
      const answer = await caddyAdmin(socket, method, path, body);
      if (method === 'GET' && path === '/config/apps' && holdNextRead) {
        holdNextRead = false;
        // Held until the route is in, or long enough to show that it waits its turn.
        await Promise.race([written, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      }
      if (method === 'POST' && (body as { '@id'?: string } | undefined)?.['@id'] === 'during') routeWritten();
      return answer;
    },
  });
  await driver.ensureReady();
  await driver.upsertRoute(route('before'));
  expect([...(await driver.listRouteIds())]).toEqual(['before']);

  // Caddy loses its config; the monitor's check rebuilds it while a deploy adds a route.
  expect((await caddy.admin.request('DELETE', '/config/apps')).status).toBe(200);
  holdNextRead = true;
  await Promise.all([driver.ensureReady({ recheck: true }), driver.upsertRoute(route('during'))]);
  expect([...(await driver.listRouteIds())]).toEqual(['during']);
  const config = JSON.stringify(await caddy.admin.config('apps'));
  expect(config).toContain('"install_trust":false');
});
