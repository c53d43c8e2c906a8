import type { ServiceSpec as ProtoServiceSpec } from '@mcp/proto';
import { readChecked } from './parseDocument.js';
import { readServiceSpec } from './readServiceSpec.js';
import type { ServiceSpec } from './serviceTypes.js';

/**
 * Validates a proto message with exactly the rules of a service file and
 * returns the spec. `''` means unset, so the file's defaults apply (tier
 * `worker`, restart `unless-stopped`, mode `l7`,
 * strategy `rolling`, the health timings); `active` is taken as sent.
 * A port of 0 is refused, not defaulted.
 *
 * @throws SpecError (`INVALID`) listing every problem by field path, with no
 *   file or line: `components[0].image: must carry an explicit tag ...`.
 */
export function specFromProto(message: ProtoServiceSpec): ServiceSpec {
  return readChecked(asTable(message), (root) => readServiceSpec(root));
}

/** The message as the table a service file would give, `''` read as unset. */
function asTable(message: ProtoServiceSpec): Record<string, unknown> {
  const unset = (text: string): string | undefined => (text === '' ? undefined : text);
  return {
    name: unset(message.name),
    active: message.active,
    tier: unset(message.tier),
    node: unset(message.node),
    strategy: unset(message.strategy),
    components: message.components.map((component) => ({
      name: unset(component.name),
      image: unset(component.image),
      volumes: component.volumes,
      cmd: component.cmd,
      env: component.env,
      user: unset(component.user),
      restart: unset(component.restart),
      network: unset(component.network),
      health: component.health && {
        path: unset(component.health.path),
        interval: unset(component.health.interval),
        timeout: unset(component.health.timeout),
        deadline: unset(component.health.deadline),
        drain: unset(component.health.drain),
      },
      routes: component.routes.map((route) => ({
        name: unset(route.name),
        port: route.port,
        mode: unset(route.mode),
        hostname: unset(route.hostname),
        public: route.public,
      })),
    })),
  };
}
