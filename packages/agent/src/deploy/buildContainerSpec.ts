import { createHash } from 'node:crypto';
import { planRoutes, type ComponentSpec } from '@mcp/spec';
import type { ContainerSpec } from '../runtime/ContainerRuntime.js';
import { LABELS } from './AgentContext.js';
import { containerName, portKey, type HostPorts } from './names.js';

/** What one component's container is made from. */
export interface ContainerSpecInput {
  service: string;
  /** The whole service spec's hash, recorded as a label. */
  specHash: string;
  component: ComponentSpec;
  /** Host ports of the service's routes; every route of `component` must have one. */
  hostPorts: HostPorts;
  /** Internal zone. */
  zone: string;
  /** Address the host ports are published on. */
  bindAddress: string;
}

/**
 * The container a component runs as: `mcp-<service>-<component>` with
 * `PORT` / `PORT_<NAME>` set, its routes published on `bindAddress`, and
 * labels marking it MCP's. The component-hash label covers everything the
 * container is made from (image, command, environment with the ports,
 * volumes, user, restart policy, network, published ports) and nothing else,
 * so a container whose label matches needs no recreating. Pure.
 *
 * @throws Error when a route of `component` has no host port in `hostPorts` (a caller's bug).
 */
export function buildContainerSpec(input: ContainerSpecInput): ContainerSpec {
  const { service, specHash, component, hostPorts, zone, bindAddress } = input;
  const env: Record<string, string> = { ...component.env };
  const published = planRoutes({ components: [component] }, zone).map((r) => {
    env[r.envName] = String(r.port);
    const hostPort = hostPorts.get(portKey(r));
    if (hostPort === undefined) throw new Error(`no host port for ${service} ${portKey(r)}`);
    return { hostIp: bindAddress, hostPort, containerPort: r.port };
  });
  const componentHash = createHash('sha256')
    .update(
      JSON.stringify([component.image, component.cmd, sorted(env), component.volumes, component.user ?? '']),
    )
    .update(JSON.stringify([component.restart, component.network ?? '', published]))
    .digest('hex');
  return {
    name: containerName(service, component.name),
    image: component.image,
    labels: {
      [LABELS.service]: service,
      [LABELS.component]: component.name,
      [LABELS.specHash]: specHash,
      [LABELS.componentHash]: componentHash,
    },
    env,
    volumes: component.volumes,
    cmd: component.cmd,
    user: component.user,
    restart: component.restart,
    network: component.network,
    ports: published,
  };
}

/** Env entries in key order, so the order in the file does not change the hash. */
function sorted(env: Record<string, string>): [string, string][] {
  return Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1));
}
