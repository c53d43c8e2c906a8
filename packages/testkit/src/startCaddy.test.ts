import { access, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { isProcessRunning } from './isProcessRunning.js';
import { startCaddy, type CaddyInstance } from './startCaddy.js';

const route = {
  '@id': 'route-hello',
  match: [{ host: ['hello.svc.mcp.test'] }],
  handle: [{ handler: 'static_response', body: 'hello' }],
};

const canConnect = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

describe('startCaddy', () => {
  jest.setTimeout(30_000);
  let caddy: CaddyInstance;
  beforeAll(async () => (caddy = await startCaddy()));
  afterAll(() => caddy.stop());

  it('starts with the base config on its admin socket and listens on loopback', async () => {
    expect(await caddy.admin.config()).toEqual(caddy.baseConfig);
    expect(await caddy.admin.config('apps/pki/certificate_authorities/local/install_trust')).toBe(false);
    expect(await caddy.admin.config('apps/tls/certificates/load_pem')).toEqual([]);
    expect(await canConnect(caddy.host, caddy.port)).toBe(true);
    expect((await stat(caddy.autosavePath)).mode & 0o777).toBe(0o600);
  });

  it('reports admin errors by status, and config() throws on them', async () => {
    const missing = await caddy.admin.request('PATCH', '/id/no-such-id', {});
    expect(missing.status).toBe(404);
    await expect(caddy.admin.config('apps/tls/certificates/load_pem/3')).rejects.toMatchObject({
      code: 'ADMIN_REQUEST_FAILED',
    });
  });

  it('resumes its last config on restart, and comes back with only the base config when emptied', async () => {
    const added = await caddy.admin.request(
      'POST',
      `/config/apps/http/servers/${caddy.serverName}/routes`,
      route,
    );
    expect(added.status).toBe(200);
    const firstPid = caddy.process.pid;

    await caddy.restart();
    expect(caddy.process.pid).not.toBe(firstPid);
    expect(isProcessRunning(firstPid)).toBe(false);
    expect(await caddy.admin.config('apps/http/servers/mcp/routes')).toEqual([route]);
    expect((await caddy.admin.request('GET', '/id/route-hello')).status).toBe(200);

    await caddy.restart({ empty: true });
    expect(await caddy.admin.config()).toEqual(caddy.baseConfig);
    expect((await caddy.admin.request('GET', '/id/route-hello')).status).toBe(404);
  });

  it('stops the process and removes its directory', async () => {
    const other = await startCaddy();
    const pid = other.process.pid;
    expect(isProcessRunning(pid)).toBe(true);
    await other.stop();
    expect(isProcessRunning(pid)).toBe(false);
    await expect(access(other.dir)).rejects.toThrow();
    expect(await canConnect(other.host, other.port)).toBe(false);
  });
});
