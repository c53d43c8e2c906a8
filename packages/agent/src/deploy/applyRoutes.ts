import type { PlannedRoute } from '@mcp/spec';
import type { LoadedCertificate } from '../certs/CertificateManager.js';
import type { AgentContext } from './AgentContext.js';
import { portKey, proxyIds, type HostPorts } from './names.js';
import type { UndoJournal } from './UndoJournal.js';

/** What the proxy should serve for a service. */
export interface RouteTarget {
  service: string;
  routes: readonly PlannedRoute[];
  ports: HostPorts;
  /** Keyed by component, as {@link ensureCertificates} returns them. */
  certificates: ReadonlyMap<string, LoadedCertificate>;
}

/** The `routes` step's outcome when running. */
export interface AppliedRoutes {
  changed: boolean;
  detail: string;
}

/**
 * Makes the proxy serve every route: loads each certificate that was just
 * issued or that the proxy lacks, and adds each route it lacks, forwarding
 * to the route's host port on the bind address. A route added here is
 * removed again on rollback; a certificate loaded here stays (without a
 * route nothing is served with it), unless it was issued for this deploy:
 * {@link ensureCertificates} takes that one back.
 *
 * @throws ProxyError when the proxy cannot be reached or refuses a change.
 */
export async function applyRoutes(
  ctx: AgentContext,
  { service, routes, ports, certificates }: RouteTarget,
  journal: UndoJournal,
): Promise<AppliedRoutes> {
  const { proxy, bindAddress } = ctx;
  await proxy.ensureReady();
  const [presentRoutes, presentCerts] = await Promise.all([proxy.listRouteIds(), proxy.listCertificateIds()]);
  let updates = 0;
  for (const cert of certificates.values()) {
    const id = proxyIds.certificate(cert.record.hostname);
    if (cert.issued || !presentCerts.has(id)) {
      await proxy.upsertCertificate({ id, certPem: cert.certPem, keyPem: cert.keyPem });
      updates++;
    }
  }
  for (const route of routes) {
    const id = proxyIds.route(service, route.component, route.route);
    // The route's content only depends on its hostname and host port, both
    // stable for the same route, so a present route is a current one.
    if (presentRoutes.has(id)) continue;
    await proxy.upsertRoute({
      id,
      hostnames: [route.internalHostname],
      upstream: hostPort(bindAddress, ports.get(portKey(route))!),
    });
    journal.record(`remove route ${id}`, () => proxy.removeRoute(id));
    updates++;
  }
  return { changed: updates > 0, detail: updates ? `${updates} proxy entries added` : 'unchanged' };
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
