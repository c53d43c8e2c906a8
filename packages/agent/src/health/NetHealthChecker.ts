import { request } from 'node:http';
import { connect } from 'node:net';
import { isHealthyStatus, type HealthProbe } from '@mcp/reconcile';
import type { HealthChecker, HealthTarget } from './HealthChecker.js';

/**
 * {@link HealthChecker} over the network: a plain HTTP GET of `path` on the
 * first port (the proxy terminates TLS, so the container speaks HTTP), or a
 * TCP connect to every port. Each check gets the whole timeout.
 */
export class NetHealthChecker implements HealthChecker {
  async check({ host, ports, path, timeoutMs }: HealthTarget): Promise<HealthProbe> {
    if (path !== undefined) return httpGet(host, ports[0]!, path, timeoutMs);
    for (const port of ports) {
      const probe = await tcpConnect(host, port, timeoutMs);
      if (!probe.healthy) return probe;
    }
    return { healthy: true, detail: `connect ${ports.map((p) => `${hostPort(host, p)}`).join(', ')}: ok` };
  }
}

function httpGet(host: string, port: number, path: string, timeoutMs: number): Promise<HealthProbe> {
  const what = `GET http://${hostPort(host, port)}${path}`;
  return new Promise((resolve) => {
    const req = request({ host, port, path, method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      resolve({ healthy: isHealthyStatus(status), detail: `${what}: ${status}` });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => resolve({ healthy: false, detail: `${what}: ${reason(error)}` }));
    req.end();
  });
}

function tcpConnect(host: string, port: number, timeoutMs: number): Promise<HealthProbe> {
  const what = `connect ${hostPort(host, port)}`;
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve({ healthy: true, detail: `${what}: ok` });
    });
    socket.once('timeout', () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    socket.once('error', (error) => resolve({ healthy: false, detail: `${what}: ${reason(error)}` }));
  });
}

function reason(error: Error & { code?: string }): string {
  return error.code ?? error.message;
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
