import type { PlannedRoute, ServiceSpec } from '@mcp/spec';
import type { ServiceState } from '../store/AgentStore.js';
import { LABELS, type AgentContext } from './AgentContext.js';
import { buildContainerSpec } from './buildContainerSpec.js';
import { containerName, portKey } from './names.js';

/** What was deployed, to record. */
export interface Deployed {
  spec: ServiceSpec;
  specHash: string;
  running: boolean;
  routes: readonly PlannedRoute[];
}

/**
 * The record of a service as just deployed: its spec and hash, its desired
 * state, each component with its container's component hash, and each route
 * with the host port the store holds for it.
 */
export function buildRecord(ctx: AgentContext, { spec, specHash, running, routes }: Deployed): ServiceState {
  const hostPorts = ctx.store.portsOf(spec.name);
  return {
    service: {
      name: spec.name,
      specJson: JSON.stringify(spec),
      specHash,
      active: running,
      updatedAt: ctx.now().toISOString(),
    },
    components: spec.components.map((component) => ({
      service: spec.name,
      name: component.name,
      containerName: containerName(spec.name, component.name),
      image: component.image,
      componentHash: buildContainerSpec({
        service: spec.name,
        specHash,
        component,
        hostPorts,
        zone: ctx.zone,
        bindAddress: ctx.bindAddress,
      }).labels[LABELS.componentHash]!,
    })),
    routes: routes.map((r) => ({
      service: spec.name,
      component: r.component,
      route: r.route,
      port: r.port,
      mode: r.mode,
      hostname: r.internalHostname,
      public: r.public,
      hostPort: hostPorts.get(portKey(r))!,
    })),
  };
}
