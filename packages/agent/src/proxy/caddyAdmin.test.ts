import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { caddyAdmin } from './caddyAdmin.js';

// A stand-in admin API on a unix socket that counts connections and requests,
// and can reset the connection of the next request, as Caddy does to idle
// admin connections when it loads a config. Real Caddy is the integration tests'.
let dir: string;
let socket: string;
let server: Server;
let connections = 0;
let seen: string[] = [];
let resetNext = false;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-admin-'));
  socket = join(dir, 'admin.sock');
  server = createServer((req, res) => {
    seen.push(req.method!);
    if (resetNext) {
      resetNext = false;
      req.socket.destroy();
      return;
    }
    req.resume();
    req.on('end', () => res.end('{"ok":true}'));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(socket, resolve));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  server.closeAllConnections();
  // Long enough for the client to see its kept-alive connection closed and drop it.
  await new Promise((resolve) => setTimeout(resolve, 50));
  connections = 0;
  seen = [];
  resetNext = false;
});

describe('caddyAdmin', () => {
  it('reads over one kept-alive connection, and writes over a fresh one each', async () => {
    expect((await caddyAdmin(socket, 'GET', '/config/')).status).toBe(200);
    expect((await caddyAdmin(socket, 'GET', '/config/')).status).toBe(200);
    expect((await caddyAdmin(socket, 'GET', '/config/')).status).toBe(200);
    expect(connections).toBe(1);
    await caddyAdmin(socket, 'PATCH', '/id/a', { a: 1 });
    await caddyAdmin(socket, 'POST', '/config/x', { a: 1 });
    expect(connections).toBe(3);
  });

  it('sends a read again on a fresh connection when the server reset the kept-alive one', async () => {
    await caddyAdmin(socket, 'GET', '/config/');
    resetNext = true;
    const res = await caddyAdmin(socket, 'GET', '/config/');
    expect(res).toEqual({ status: 200, body: '{"ok":true}' });
    expect(seen).toEqual(['GET', 'GET', 'GET']);
    expect(connections).toBe(2);
  });

  it('never sends a write twice, nor a read whose fresh connection was reset', async () => {
    resetNext = true;
    await expect(caddyAdmin(socket, 'POST', '/config/x', { a: 1 })).rejects.toMatchObject({
      code: 'UNREACHABLE',
    });
    expect(seen).toEqual(['POST']);
    server.closeAllConnections();
    resetNext = true;
    await expect(caddyAdmin(socket, 'GET', '/config/')).rejects.toMatchObject({ code: 'UNREACHABLE' });
    expect(seen).toEqual(['POST', 'GET']);
  });

  it('says which socket does not answer', async () => {
    await expect(caddyAdmin(join(dir, 'absent.sock'), 'GET', '/config/')).rejects.toThrow(
      /Caddy admin API at .*absent\.sock unreachable: connect ENOENT/,
    );
  });
});
