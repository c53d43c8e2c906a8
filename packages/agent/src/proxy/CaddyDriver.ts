import { KeyedLock } from '@mcp/daemon-kit';
import { caddyAdmin, type AdminResponse } from './caddyAdmin.js';
import type { ProxyCertificate, ProxyDriver, ProxyRoute } from './ProxyDriver.js';
import { ProxyError } from './ProxyError.js';

/** Where and how Caddy serves MCP's routes. */
export interface CaddyDriverOptions {
  /** Caddy's admin API socket. */
  adminSocket: string;
  /** Listen addresses of the HTTPS server that carries the routes, e.g. `[':8443']`. */
  listen: string[];
  /** Name of the Caddy HTTP server MCP owns. Default `mcp`. */
  server?: string;
  /** How a request reaches the admin API. Default {@link caddyAdmin} on `adminSocket`. */
  admin?: (method: string, path: string, body?: unknown) => Promise<AdminResponse>;
}

/**
 * {@link ProxyDriver} on Caddy's admin API. Routes and certificates carry
 * stable `@id`s; an upsert is `PATCH /id/<id>` and, on 404, an append to the
 * collection (Caddy 2.6 silently duplicates an id on PUT/POST). The server
 * speaks TLS 1.3 only, HTTP/1.1 and HTTP/2 (no HTTP/3 UDP listener), with
 * automatic HTTPS off: certificates come from MCP, never from Caddy.
 * Caddy cannot pass TLS through, so L4 routes are not supported.
 *
 * Changes go to Caddy one at a time: {@link ensureReady} reads the apps and
 * writes them back whole, and a change made in between would be lost.
 */
export class CaddyDriver implements ProxyDriver {
  private readonly server: string;
  private readonly listen: string[];
  private readonly admin: NonNullable<CaddyDriverOptions['admin']>;
  /** Whether the server was seen (or made) since the last time an id was missing. */
  private seenReady = false;
  /** One key: changes go to Caddy in the order they are asked for. */
  private readonly changes = new KeyedLock();

  constructor(options: CaddyDriverOptions) {
    this.server = options.server ?? 'mcp';
    this.listen = options.listen;
    const socket = options.adminSocket;
    this.admin = options.admin ?? ((method, path, body) => caddyAdmin(socket, method, path, body));
  }

  supports(mode: 'l4' | 'l7'): boolean {
    return mode === 'l7';
  }

  async ensureReady(options: { recheck?: boolean } = {}): Promise<void> {
    if (this.seenReady && !options.recheck) return;
    this.seenReady = false;
    const [server, pem, trust] = await Promise.all([
      this.call('GET', `/config/apps/http/servers/${this.server}`),
      this.call('GET', '/config/apps/tls/certificates/load_pem'),
      this.call('GET', '/config/apps/pki/certificate_authorities/local/install_trust'),
    ]);
    const present = (r: { status: number; body: string }) => r.status === 200 && r.body.trim() !== 'null';
    if (present(server) && present(pem) && trust.body.trim() === 'false') {
      this.seenReady = true;
      return;
    }
    // Read and written back as one change, so that no other change lands in between.
    await this.changes.run(CHANGE, async () => {
      const apps = await this.admin('GET', '/config/apps');
      const current = (
        apps.body.trim() && apps.body.trim() !== 'null' ? JSON.parse(apps.body) : {}
      ) as CaddyApps;
      const http = current.http ?? { servers: {} };
      http.servers = http.servers ?? {};
      http.servers[this.server] ??= this.baseServer();
      const tls = current.tls ?? {};
      tls.certificates = tls.certificates ?? {};
      tls.certificates.load_pem ??= [];
      // Any CA Caddy creates would otherwise install its root into the host's
      // trust store when running as root.
      const pki = current.pki ?? {};
      pki.certificate_authorities = pki.certificate_authorities ?? {};
      pki.certificate_authorities.local = { ...pki.certificate_authorities.local, install_trust: false };
      const written = await this.admin('POST', '/config/apps', { ...current, http, tls, pki });
      if (written.status !== 200) throw rejected('POST', '/config/apps', written.status, written.body);
    });
    this.seenReady = true;
  }

  async upsertRoute(route: ProxyRoute): Promise<void> {
    await this.upsert(route.id, `/config/apps/http/servers/${this.server}/routes`, this.routeJson(route));
  }

  async replaceRoute(route: ProxyRoute): Promise<boolean> {
    const patched = await this.call('PATCH', `/id/${encodeURIComponent(route.id)}`, this.routeJson(route));
    if (patched.status === 200) return true;
    if (patched.status === 404) return false;
    throw rejected('PATCH', route.id, patched.status, patched.body);
  }

  private routeJson(route: ProxyRoute): Record<string, unknown> {
    if (route.respond) {
      const answer = {
        handler: 'static_response',
        status_code: route.respond.status,
        headers: { 'Content-Type': ['text/plain; charset=utf-8'] },
        body: route.respond.body,
      };
      return { '@id': route.id, match: [{ host: route.hostnames }], handle: [answer], terminal: true };
    }
    const handler: Record<string, unknown> = {
      handler: 'reverse_proxy',
      upstreams: [{ dial: route.upstream }],
    };
    if (route.upstreamHost) {
      handler.headers = { request: { set: { Host: [route.upstreamHost] } } };
    }
    if (route.upstreamTls) {
      handler.transport = {
        protocol: 'http',
        tls: { server_name: route.upstreamTls.serverName, root_ca_pool: pemBodies(route.upstreamTls.caPem) },
      };
      // The upstream is a node proxy, and every change to its config (a rolling
      // switch, a new route) resets the few connections it has accepted but not
      // yet served. Caddy retries a request whose connection failed: any request
      // when the dial itself failed, a GET also when the connection failed later
      // (it may have reached the upstream; other methods may not be idempotent).
      handler.load_balancing = { retries: 2 };
    }
    return { '@id': route.id, match: [{ host: route.hostnames }], handle: [handler], terminal: true };
  }

  async removeRoute(id: string): Promise<void> {
    await this.expect('DELETE', `/id/${encodeURIComponent(id)}`, undefined, [200, 404]);
  }

  async listRouteIds(): Promise<Set<string>> {
    return this.ids(`/config/apps/http/servers/${this.server}/routes`);
  }

  async upsertCertificate(cert: ProxyCertificate): Promise<void> {
    const body = { '@id': cert.id, certificate: cert.certPem, key: cert.keyPem, tags: ['mcp'] };
    await this.upsert(cert.id, '/config/apps/tls/certificates/load_pem', body);
  }

  async removeCertificate(id: string): Promise<void> {
    await this.expect('DELETE', `/id/${encodeURIComponent(id)}`, undefined, [200, 404]);
  }

  async listCertificateIds(): Promise<Set<string>> {
    return this.ids('/config/apps/tls/certificates/load_pem');
  }

  async ping(): Promise<void> {
    // A small answer that exists in any config the socket is reachable with (the socket is
    // the admin config): `/config/` would send the whole config, every certificate's PEM
    // included, on every heartbeat and HealthCheck; the server's own paths are absent until
    // ensureReady has created them, and Caddy answers 400 for those.
    await this.expect('GET', '/config/admin', undefined, [200]);
  }

  private baseServer(): Record<string, unknown> {
    return {
      listen: this.listen,
      protocols: ['h1', 'h2'],
      automatic_https: { disable: true },
      tls_connection_policies: [{ protocol_min: 'tls1.3' }],
      routes: [],
    };
  }

  private async upsert(id: string, collection: string, body: unknown): Promise<void> {
    const patched = await this.call('PATCH', `/id/${encodeURIComponent(id)}`, body);
    if (patched.status === 200) return;
    if (patched.status !== 404) throw rejected('PATCH', id, patched.status, patched.body);
    // Absent: a new id, or a proxy that lost its config since it was last seen ready.
    await this.ensureReady({ recheck: true });
    await this.expect('POST', collection, body, [200]);
  }

  private async ids(path: string): Promise<Set<string>> {
    const res = await this.expect('GET', path, undefined, [200]);
    const items = (res.body.trim() ? JSON.parse(res.body) : null) as { '@id'?: string }[] | null;
    return new Set((items ?? []).map((i) => i['@id']).filter((id): id is string => typeof id === 'string'));
  }

  /** A read goes straight to Caddy; a change waits for the ones before it. */
  private call(method: string, path: string, body?: unknown): Promise<AdminResponse> {
    if (method === 'GET') return this.admin(method, path, body);
    return this.changes.run(CHANGE, () => this.admin(method, path, body));
  }

  private async expect(method: string, path: string, body: unknown, ok: number[]) {
    const res = await this.call(method, path, body);
    if (!ok.includes(res.status)) throw rejected(method, path, res.status, res.body);
    return res;
  }
}

const CHANGE = 'change';

interface CaddyApps {
  http?: { servers?: Record<string, unknown> };
  tls?: { certificates?: { load_pem?: unknown[] } };
  pki?: { certificate_authorities?: Record<string, Record<string, unknown>> };
}

function rejected(method: string, what: string, status: number, body: string): ProxyError {
  let detail = body.trim();
  try {
    detail = (JSON.parse(body) as { error?: string }).error ?? detail;
  } catch {
    // not JSON: keep the raw text
  }
  return new ProxyError('REJECTED', `Caddy refused ${method} ${what} (HTTP ${status}): ${detail}`);
}

/** Caddy's root_ca_pool wants base64 DER: each PEM certificate's body without armor. */
function pemBodies(pem: string): string[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) =>
    (m[1] ?? '').replace(/\s+/g, ''),
  );
}
