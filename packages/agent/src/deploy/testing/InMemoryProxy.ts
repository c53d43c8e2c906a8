import type { ProxyCertificate, ProxyDriver, ProxyRoute } from '../../proxy/ProxyDriver.js';
import { ProxyError } from '../../proxy/ProxyError.js';
import { Faults } from './Faults.js';

/** Every operation of {@link InMemoryProxy}, for {@link Faults.fail}. */
export type ProxyOp =
  | 'ensureReady'
  | 'upsertRoute'
  | 'replaceRoute'
  | 'removeRoute'
  | 'listRouteIds'
  | 'upsertCertificate'
  | 'removeCertificate'
  | 'listCertificateIds'
  | 'ping';

/**
 * {@link ProxyDriver} in memory, shaped like the Caddy driver: L7 only,
 * upserts replace by id, removing an absent id is a no-op, and nothing can
 * be added until {@link ensureReady} has made the server (a Caddy restarted
 * empty, see {@link restartEmpty}, has none). `faults` makes any operation
 * fail on demand; its default error is a `REJECTED` ProxyError.
 */
export class InMemoryProxy implements ProxyDriver {
  readonly faults = new Faults<ProxyOp>(
    (op, subject) => new ProxyError('REJECTED', `Caddy refused ${op} ${subject}: injected failure`),
  );
  readonly routes = new Map<string, ProxyRoute>();
  readonly certificates = new Map<string, ProxyCertificate>();
  private ready = false;

  supports(mode: 'l4' | 'l7'): boolean {
    return mode === 'l7';
  }

  ensureReady(): Promise<void> {
    return this.op('ensureReady', '', () => void (this.ready = true));
  }

  upsertRoute(route: ProxyRoute): Promise<void> {
    return this.op('upsertRoute', route.id, () => {
      this.requireServer();
      this.routes.set(route.id, route);
    });
  }

  replaceRoute(route: ProxyRoute): Promise<boolean> {
    return this.op('replaceRoute', route.id, () => {
      if (!this.routes.has(route.id)) return false;
      this.routes.set(route.id, route);
      return true;
    });
  }

  removeRoute(id: string): Promise<void> {
    return this.op('removeRoute', id, () => void this.routes.delete(id));
  }

  listRouteIds(): Promise<Set<string>> {
    return this.op('listRouteIds', '', () => new Set(this.routes.keys()));
  }

  upsertCertificate(cert: ProxyCertificate): Promise<void> {
    return this.op('upsertCertificate', cert.id, () => {
      this.requireServer();
      this.certificates.set(cert.id, cert);
    });
  }

  removeCertificate(id: string): Promise<void> {
    return this.op('removeCertificate', id, () => void this.certificates.delete(id));
  }

  listCertificateIds(): Promise<Set<string>> {
    return this.op('listCertificateIds', '', () => new Set(this.certificates.keys()));
  }

  ping(): Promise<void> {
    return this.op('ping', '', () => undefined);
  }

  /** Loses every route, certificate and the server, as Caddy restarted with an empty config does. */
  restartEmpty(): void {
    this.routes.clear();
    this.certificates.clear();
    this.ready = false;
  }

  /** `<id> -> <upstream>` (or `<id> -> <status>` for an answering route) for every route, sorted. */
  describeRoutes(): string[] {
    return [...this.routes.values()]
      .map((r) => `${r.id} -> ${r.respond ? String(r.respond.status) : r.upstream}`)
      .sort();
  }

  private requireServer(): void {
    if (!this.ready) throw new ProxyError('REJECTED', 'Caddy has no server mcp to add to');
  }

  private op<T>(op: ProxyOp, subject: string, fn: () => T): Promise<T> {
    // Thrown in the executor, an injected failure rejects the promise.
    return new Promise((resolve) => {
      this.faults.enter(op, subject);
      resolve(fn());
    });
  }
}
