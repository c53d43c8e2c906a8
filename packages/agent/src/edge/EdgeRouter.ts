import { KeyedLock } from '@mcp/daemon-kit';
import {
  normalizeHostname,
  validateBackendAddresses,
  validateEdgeRouteRequest,
  type Cidr,
  type EdgeRouteRequest,
} from '@mcp/edge';
import type { AgentContext } from '../deploy/AgentContext.js';
import { proxyIds } from '../deploy/names.js';
import type { EdgeRouteRecord } from '../store/AgentStore.js';
import { resolveBackend } from './resolveBackend.js';

/** What an edge agent serves, and how it checks backends. */
export interface EdgeSettings {
  /** Public domains this edge may serve (`[edge] allowed_domains`). */
  allowedDomains: readonly string[];
  /** Backends must resolve only inside these (`[edge] allowed_cidrs`). */
  allowedCidrs: readonly Cidr[];
  /** The fleet's DNS server, `host:port`; unset: the system resolver. */
  dnsServer?: string | undefined;
  /** The fleet CA: backends' node proxies must present a certificate from it. */
  caPem: string;
  /** How a backend name becomes addresses. Default {@link resolveBackend} through `dnsServer`. */
  resolve?: (hostname: string) => Promise<string[]>;
}

/** An edge route as the agent serves it, with its certificate. */
export interface ServedEdgeRoute extends EdgeRouteRecord {
  certSerial: string;
  certExpiresAt: Date | undefined;
}

/**
 * The edge agent's public routes: each a public hostname with a
 * certificate for that name only, terminated by the node's proxy (TLS 1.3)
 * and forwarded over TLS to a backend's node proxy, whose certificate must
 * name the backend. Every request is checked with `@mcp/edge` before
 * anything changes; one route at a time per hostname.
 */
export class EdgeRouter {
  private readonly locks = new KeyedLock();

  constructor(
    private readonly ctx: AgentContext,
    private readonly settings: EdgeSettings,
  ) {}

  /**
   * Adds or updates the route (an update keeps the certificate).
   * @throws EdgeError for a request the rules refuse (nothing changed);
   *   CertificateError when no certificate can be had (no route added);
   *   ProxyError when the proxy refuses.
   */
  async setup(request: EdgeRouteRequest & { service: string }): Promise<ServedEdgeRoute> {
    const route = validateEdgeRouteRequest(request, {
      allowedDomains: this.settings.allowedDomains,
      zone: this.ctx.zone,
    });
    return this.locks.run(route.hostname, async () => {
      const { resolve = (name: string) => resolveBackend(name, this.settings.dnsServer) } = this.settings;
      const { proxy } = this.ctx;
      const addresses = await resolve(route.backendHostname);
      const [address] = validateBackendAddresses(
        route.backendHostname,
        addresses,
        this.settings.allowedCidrs,
      );
      const record: EdgeRouteRecord = {
        hostname: route.hostname,
        backendHostname: route.backendHostname,
        backendPort: route.backendPort,
        backendAddress: address!,
        service: request.service,
        updatedAt: this.ctx.now().toISOString(),
      };
      const existing = this.ctx.store.getEdgeRoute(route.hostname);
      const certificate = await this.ctx.certs.ensure(request.service, [route.hostname]);
      // An update with the certificate kept is one proxy change. The full path
      // when the route is new, the certificate was renewed, or the proxy lost
      // the route (a restarted, empty Caddy): the certificate goes in first.
      const replaced =
        existing !== undefined && !certificate.issued && (await proxy.replaceRoute(this.proxyRoute(record)));
      if (!replaced) {
        await proxy.ensureReady();
        const certId = proxyIds.certificate(route.hostname);
        const present = await proxy.listCertificateIds();
        try {
          if (certificate.issued || !present.has(certId)) {
            await proxy.upsertCertificate({
              id: certId,
              certPem: certificate.certPem,
              keyPem: certificate.keyPem,
            });
          }
          await proxy.upsertRoute(this.proxyRoute(record));
        } catch (error) {
          // A new route that could not be added leaves no certificate behind.
          if (!existing) await this.removeCertificate(route.hostname);
          throw error;
        }
      }
      this.ctx.store.putEdgeRoute(record);
      this.ctx.logger.info(
        { hostname: route.hostname, backend: `${route.backendHostname}:${route.backendPort}`, address },
        existing ? 'edge route updated' : 'edge route added',
      );
      return this.served(record);
    });
  }

  /** Removes the route and its certificate; nothing to do for an unknown hostname. */
  async remove(hostname: string): Promise<void> {
    const name = normalizeHostname(hostname);
    return this.locks.run(name, async () => {
      await this.ctx.proxy.removeRoute(proxyIds.edgeRoute(name));
      await this.removeCertificate(name);
      this.ctx.store.deleteEdgeRoute(name);
      this.ctx.logger.info({ hostname: name }, 'edge route removed');
    });
  }

  /** Every route with its certificate's serial and expiry. */
  list(): ServedEdgeRoute[] {
    return this.ctx.store.listEdgeRoutes().map((r) => this.served(r));
  }

  /**
   * For the monitor: renews certificates that are due and restores routes
   * and certificates the proxy lost (a restarted, empty Caddy). Returns what
   * it changed, one line each; a route it cannot refresh is logged and
   * tried again next time, and does not hold up the others.
   */
  async refresh(): Promise<string[]> {
    const changes: string[] = [];
    const { proxy, certs, logger, store } = this.ctx;
    // The records before the proxy's listings: setup records a route after the
    // proxy has it, so a route recorded here and missing below is one the proxy lost.
    const listed = store.listEdgeRoutes();
    const [routes, present] = await Promise.all([proxy.listRouteIds(), proxy.listCertificateIds()]);
    for (const { hostname, updatedAt } of listed) {
      await this.locks
        .run(hostname, async () => {
          // Removed or set up again while this waited for the lock: whoever held
          // it left the proxy as the record says, and restoring the record seen
          // before would bring back a removed route or an old backend.
          const record = store.getEdgeRoute(hostname);
          if (record?.updatedAt !== updatedAt) return;
          const certificate = await certs.ensure(record.service, [hostname]);
          const certId = proxyIds.certificate(hostname);
          if (certificate.issued || !present.has(certId)) {
            await proxy.upsertCertificate({
              id: certId,
              certPem: certificate.certPem,
              keyPem: certificate.keyPem,
            });
            changes.push(`${certificate.issued ? 'renewed' : 'restored'} the certificate of ${hostname}`);
          }
          if (!routes.has(proxyIds.edgeRoute(hostname))) {
            await proxy.upsertRoute(this.proxyRoute(record));
            changes.push(`restored the route of ${hostname}`);
          }
        })
        .catch((error: unknown) => {
          logger.warn(
            { hostname, err: error instanceof Error ? error.message : String(error) },
            'could not refresh edge route',
          );
        });
    }
    return changes;
  }

  private proxyRoute(record: EdgeRouteRecord) {
    const host = record.backendAddress.includes(':') ? `[${record.backendAddress}]` : record.backendAddress;
    return {
      id: proxyIds.edgeRoute(record.hostname),
      hostnames: [record.hostname],
      upstream: `${host}:${record.backendPort}`,
      // The backend's node proxy routes by its own name: SNI and Host are the internal name.
      upstreamTls: { serverName: record.backendHostname, caPem: this.settings.caPem },
      upstreamHost: record.backendHostname,
    };
  }

  private async removeCertificate(hostname: string): Promise<void> {
    await this.ctx.proxy.removeCertificate(proxyIds.certificate(hostname));
    await this.ctx.certs.remove(hostname);
  }

  private served(record: EdgeRouteRecord): ServedEdgeRoute {
    const cert = this.ctx.store.getCertificate(record.hostname);
    return {
      ...record,
      certSerial: cert?.serial ?? '',
      certExpiresAt: cert ? new Date(cert.notAfter) : undefined,
    };
  }
}
