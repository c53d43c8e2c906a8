import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NetHealthChecker } from './NetHealthChecker.js';

const checker = new NetHealthChecker();
const servers: { close(): unknown }[] = [];
let http: number;
let silent: number;
let closed: number;

const listen = (server: Server | ReturnType<typeof createTcpServer>): Promise<number> =>
  new Promise((resolve) => {
    servers.push(server);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

beforeAll(async () => {
  http = await listen(
    createHttpServer((req, res) => {
      const status = { '/healthz': 200, '/moved': 302, '/sick': 503 }[req.url ?? ''] ?? 404;
      res.writeHead(status).end();
    }),
  );
  // Accepts and never answers.
  silent = await listen(createTcpServer(() => undefined));
  const gone = createTcpServer();
  closed = await new Promise<number>((resolve) =>
    gone.listen(0, '127.0.0.1', () => {
      const { port } = gone.address() as AddressInfo;
      gone.close(() => resolve(port));
    }),
  );
});
afterAll(() => {
  for (const s of servers) s.close();
});

describe('NetHealthChecker', () => {
  it.each<[string, () => { ports: number[]; path?: string }, boolean, RegExp]>([
    [
      'a 200',
      () => ({ ports: [http], path: '/healthz' }),
      true,
      /^GET http:\/\/127\.0\.0\.1:\d+\/healthz: 200$/,
    ],
    ['a redirect', () => ({ ports: [http], path: '/moved' }), true, /: 302$/],
    ['a 503', () => ({ ports: [http], path: '/sick' }), false, /: 503$/],
    ['a 404', () => ({ ports: [http], path: '/nope' }), false, /: 404$/],
    ['nothing listening', () => ({ ports: [closed], path: '/healthz' }), false, /: ECONNREFUSED$/],
    ['no answer in time', () => ({ ports: [silent], path: '/healthz' }), false, /: no answer within 300 ms$/],
    ['every port accepting', () => ({ ports: [http, silent] }), true, /^connect .*: ok$/],
    [
      'a port refusing',
      () => ({ ports: [http, closed] }),
      false,
      new RegExp(`connect 127.0.0.1:\\d+: ECONNREFUSED$`),
    ],
  ])('%s', async (_, target, healthy, detail) => {
    const probe = await checker.check({ host: '127.0.0.1', timeoutMs: 300, ...target() });
    expect(probe.healthy).toBe(healthy);
    expect(probe.detail).toMatch(detail);
  });
});
