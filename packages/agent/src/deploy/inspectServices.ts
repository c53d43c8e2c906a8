import type { LastCheck } from '../health/HealthBook.js';
import type { ContainerInfo } from '../runtime/ContainerRuntime.js';
import type { AgentContext } from './AgentContext.js';
import { LABELS } from './AgentContext.js';
import { proxyIds } from './names.js';

/** A route as deployed, with what the proxy and certificate store say. */
export interface RouteView {
  name: string;
  port: number;
  hostPort: number;
  mode: 'l4' | 'l7';
  hostname: string;
  public: boolean;
  certSerial: string;
  certExpiresAt: Date | undefined;
  proxyRoutePresent: boolean;
}

export interface ComponentView {
  name: string;
  containerName: string;
  containerId: string;
  image: string;
  /** podman's state, or `missing`. */
  state: string;
  startedAt: Date | undefined;
  routes: RouteView[];
  /** The last health check, by a deploy or the monitor; unset before any. */
  health: LastCheck | undefined;
}

export interface ServiceView {
  name: string;
  active: boolean;
  specHash: string;
  components: ComponentView[];
  drift: boolean;
  driftReasons: string[];
}

/**
 * What is really running for each recorded service (or one), compared with
 * what should be: a container not running while the service should run, a
 * route or certificate missing from the proxy, a stale image, a component
 * whose last health check failed. A service undeployed while this looks is
 * left out.
 */
export async function inspectServices(ctx: AgentContext, only?: string): Promise<ServiceView[]> {
  const records = ctx.store.listServices().filter((s) => !only || s.name === only);
  if (records.length === 0) return [];
  const [containers, routeIds, certIds] = await Promise.all([
    ctx.runtime.list(LABELS.service),
    ctx.proxy.listRouteIds().catch(() => undefined),
    ctx.proxy.listCertificateIds().catch(() => undefined),
  ]);
  const byName = new Map<string, ContainerInfo>(containers.map((c) => [c.name, c]));
  // Read again after the listings: a service undeployed meanwhile is left
  // out, and one deployed again is shown as it is now.
  const states = records.flatMap((r) => ctx.store.getService(r.name) ?? []);
  return states.map((state) => {
    const record = state.service;
    const certs = new Map(ctx.store.listCertificates(record.name).map((c) => [c.hostname, c]));
    const reasons: string[] = [];
    if (!routeIds) reasons.push('proxy unreachable');
    const components = state.components.map((c): ComponentView => {
      const container = byName.get(c.containerName);
      const containerState = container?.state ?? 'missing';
      if (record.active && containerState !== 'running') {
        reasons.push(`${c.containerName} is ${containerState}, should be running`);
      } else if (!record.active && containerState === 'running') {
        reasons.push(`${c.containerName} is running, should be stopped`);
      }
      if (container && container.labels[LABELS.componentHash] !== c.componentHash) {
        reasons.push(`${c.containerName} does not match the deployed spec`);
      }
      const health = ctx.healthBook.get(record.name, c.name);
      if (record.active && containerState === 'running' && health && !health.healthy) {
        reasons.push(`${c.name} is unhealthy: ${health.detail}`);
      }
      const own = state.routes.filter((r) => r.component === c.name);
      // A component's certificate is named after its first L7 route.
      const cert = certs.get(own.find((r) => r.mode === 'l7')?.hostname ?? '');
      const routes = own.map((r): RouteView => {
        const present = routeIds?.has(proxyIds.route(record.name, r.component, r.route)) ?? false;
        if (record.active && routeIds && !present)
          reasons.push(`route ${r.hostname} is missing from the proxy`);
        if (record.active && cert && certIds && !certIds.has(proxyIds.certificate(cert.hostname))) {
          reasons.push(`certificate ${cert.hostname} is missing from the proxy`);
        }
        return {
          name: r.route,
          port: r.port,
          hostPort: r.hostPort,
          mode: r.mode,
          hostname: r.hostname,
          public: r.public,
          certSerial: cert?.serial ?? '',
          certExpiresAt: cert ? new Date(cert.notAfter) : undefined,
          proxyRoutePresent: present,
        };
      });
      return {
        name: c.name,
        containerName: c.containerName,
        containerId: container?.id ?? '',
        image: container?.image ?? c.image,
        state: containerState,
        startedAt: container?.startedAt,
        routes,
        health,
      };
    });
    const driftReasons = [...new Set(reasons)];
    return {
      name: record.name,
      active: record.active,
      specHash: record.specHash,
      components,
      drift: driftReasons.length > 0,
      driftReasons,
    };
  });
}
