import type { ServiceStatus } from '@mcp/proto';
import type { ServiceView } from '../deploy/inspectServices.js';

/** An agent's view of a service as the proto message. */
export function serviceStatusToProto(view: ServiceView, node: string): ServiceStatus {
  return {
    name: view.name,
    active: view.active,
    specHash: view.specHash,
    drift: view.drift,
    driftReasons: view.driftReasons,
    node,
    // The agent itself answered: what it says is observed.
    observedUnknown: false,
    components: view.components.map((c) => ({
      name: c.name,
      containerName: c.containerName,
      containerId: c.containerId,
      image: c.image,
      state: c.state,
      startedAt: c.startedAt,
      health: c.health ? (c.health.healthy ? 'healthy' : 'unhealthy') : '',
      healthDetail: c.health?.detail ?? '',
      healthCheckedAt: c.health?.at,
      routes: c.routes.map((r) => ({
        name: r.name,
        port: r.port,
        hostPort: r.hostPort,
        mode: r.mode,
        hostname: r.hostname,
        public: r.public,
        certSerial: r.certSerial,
        certExpiresAt: r.certExpiresAt,
        proxyRoutePresent: r.proxyRoutePresent,
      })),
    })),
  };
}
