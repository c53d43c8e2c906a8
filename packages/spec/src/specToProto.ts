import type { ServiceSpec as ProtoServiceSpec } from '@mcp/proto';
import type { ServiceSpec } from './serviceTypes.js';

/**
 * The proto message for a validated spec. Unset optional fields become `''`
 * (proto3 has no "unset" for strings); defaults are written out.
 */
export function specToProto(spec: ServiceSpec): ProtoServiceSpec {
  return {
    name: spec.name,
    active: spec.active,
    tier: spec.tier,
    node: spec.node ?? '',
    strategy: spec.strategy,
    components: spec.components.map((component) => ({
      name: component.name,
      image: component.image,
      volumes: [...component.volumes],
      cmd: [...component.cmd],
      env: { ...component.env },
      user: component.user ?? '',
      restart: component.restart,
      network: component.network ?? '',
      health: {
        path: component.health.path ?? '',
        interval: `${component.health.interval}ms`,
        timeout: `${component.health.timeout}ms`,
        deadline: `${component.health.deadline}ms`,
        drain: `${component.health.drain}ms`,
      },
      routes: component.routes.map((route) => ({
        name: route.name ?? '',
        port: route.port,
        mode: route.mode,
        hostname: route.hostname ?? '',
        public: route.public,
      })),
    })),
  };
}
