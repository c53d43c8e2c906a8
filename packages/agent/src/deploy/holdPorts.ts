import { findNameClash } from '@mcp/reconcile';
import type { PlannedRoute } from '@mcp/spec';
import type { AgentContext } from './AgentContext.js';
import type { NameClaims } from './NameClaims.js';
import { DeployError } from './DeployError.js';
import { portKey, type HostPorts } from './names.js';
import type { UndoJournal } from './UndoJournal.js';

/** The `ports` step's outcome. */
export interface HeldPorts {
  /** A host port for every route. */
  ports: HostPorts;
  /** Whether any port was newly allocated. */
  changed: boolean;
  detail: string;
}

/** How often a port another route took meanwhile is skipped before giving up. */
const RACE_RETRIES = 5;

/**
 * Claims the routes' internal names in `claims` (the caller releases them
 * once the deploy is over) and gives every route of `service` a host port:
 * the one it already holds, or a free one from the allocator, recorded in
 * the store. A port allocated here is released again on rollback.
 *
 * @throws DeployError `NAME_CLASH` when another service on this node already
 *   serves one of the routes' internal names, or a deploy of one under way
 *   claims it (nothing is held or claimed then).
 * @throws Error when the port range is used up.
 */
export async function holdPorts(
  ctx: AgentContext,
  service: string,
  routes: readonly PlannedRoute[],
  journal: UndoJournal,
  claims: NameClaims,
): Promise<HeldPorts> {
  const { store } = ctx;
  const names = routes.map((r) => r.internalHostname);
  const clash = findNameClash(service, names, store.listRouteHostnames());
  if (clash) throw new DeployError('NAME_CLASH', clash.message);
  const claimed = findNameClash(service, names, claims.owners());
  if (claimed) {
    throw new DeployError(
      'NAME_CLASH',
      `internal name ${claimed.hostname} is claimed by a deploy of service ${claimed.owner} under way on this node; deploy again once it is done`,
    );
  }
  // With no await since the checks: a deploy checking after this one sees these names.
  claims.claim(service, names);
  const held = store.portsOf(service);
  const ports = new Map<string, number>();
  let allocated = 0;
  for (const route of routes) {
    const key = portKey(route);
    const existing = held.get(key);
    if (existing !== undefined) {
      ports.set(key, existing);
      continue;
    }
    const port = await allocate(ctx, service, route);
    journal.record(`release host port ${port} of ${service} ${key}`, () =>
      store.releasePort(service, route.component, route.route),
    );
    ports.set(key, port);
    allocated++;
  }
  return {
    ports,
    changed: allocated > 0,
    detail: `${routes.length - allocated} kept, ${allocated} allocated`,
  };
}

/** A free port, held in the store for the route. */
async function allocate(ctx: AgentContext, service: string, route: PlannedRoute): Promise<number> {
  const taken = new Set(ctx.store.allPorts());
  for (let attempt = 0; ; attempt++) {
    const port = await ctx.ports.allocate(taken);
    try {
      ctx.store.holdPort(service, route.component, route.route, port);
      return port;
    } catch (error) {
      // Another route took it between the check and the insert.
      if (attempt >= RACE_RETRIES) throw error;
      taken.add(port);
    }
  }
}
