import type { ComponentSpec, PlannedRoute, ServiceSpec } from '@mcp/spec';
import type { SwitchRecord } from '../store/AgentStore.js';
import type { AgentContext } from './AgentContext.js';
import { buildContainerSpec } from './buildContainerSpec.js';
import { containerName, portKey } from './names.js';
import { pointRoutes } from './proxyRouteFor.js';
import type { UndoJournal } from './UndoJournal.js';
import { waitHealthy } from './waitHealthy.js';

/** What is rolled: the service's spec and the components whose containers change. */
export interface RollTarget {
  spec: ServiceSpec;
  specHash: string;
  /** Every planned route of the service. */
  routes: readonly PlannedRoute[];
  /** The components to replace, each with a running old container and at least one route. */
  components: readonly ComponentSpec[];
}

/** What the rolling switch did. */
export interface Rolled {
  note: string;
  /** Old containers now out of every route, to drain and remove once the deploy succeeded. */
  retired: SwitchRecord['containers'];
}

/** How many times a spare port another route took meanwhile is skipped. */
const RACE_RETRIES = 5;

/**
 * The health-gated half of a rolling redeploy. Each component's new
 * container starts beside the old as `<name>-mcp-next`, published on the
 * other port of each route's pair; once every one is healthy the store's
 * ports swap and the proxy's routes point at them. The old containers keep
 * running throughout: a new one that is not healthy by its deadline is
 * removed (by the journal) and nothing else has changed. The switch is
 * recorded in the store from the start, so an agent killed mid-way finishes
 * or undoes it when it starts again ({@link recoverSwitches}).
 *
 * @throws DeployError `UNHEALTHY` with the last check and the log's tail.
 * @throws RuntimeError or ProxyError when podman or the proxy fails.
 */
export async function rollComponents(
  ctx: AgentContext,
  target: RollTarget,
  journal: UndoJournal,
): Promise<Rolled> {
  const { runtime, store } = ctx;
  const { spec, specHash, components } = target;
  const service = spec.name;
  const names = new Set(components.map((c) => c.name));
  const routes = target.routes.filter((r) => names.has(r.component));
  await holdSparePorts(ctx, service, routes, journal);
  const spare = store.sparePortsOf(service);
  const nextPorts = new Map(store.portsOf(service));
  for (const route of routes) nextPorts.set(portKey(route), spare.get(portKey(route))!);

  const containers = components.map((c) => {
    const name = containerName(service, c.name);
    return { component: c.name, name, next: `${name}-mcp-next` };
  });
  store.putSwitch({
    service,
    phase: 'starting',
    specJson: JSON.stringify(spec),
    running: true,
    containers,
    startedAt: ctx.now().toISOString(),
  });
  journal.record(`forget the switch of ${service}`, () => store.deleteSwitch(service));
  for (const [i, component] of components.entries()) {
    const { next } = containers[i]!;
    const wanted = buildContainerSpec({
      service,
      specHash,
      component,
      hostPorts: nextPorts,
      zone: ctx.zone,
      bindAddress: ctx.bindAddress,
    });
    // Recorded before the attempt: a run that fails half-way can leave a container behind.
    journal.record(`remove ${next}`, () => runtime.remove(next));
    // `replace`: a leftover of a switch that was neither finished nor undone goes, in the same command.
    await runtime.run({ ...wanted, name: next, replace: true });
  }
  const checks = await Promise.all(
    components.map((component, i) =>
      waitHealthy(ctx, {
        service,
        successor: true,
        name: containers[i]!.next,
        component,
        ports: routes.filter((r) => r.component === component.name).map((r) => nextPorts.get(portKey(r))!),
      }),
    ),
  );
  await ctx.beforeSwitch?.(service);

  const keys = routes.map(portKey);
  store.swapPorts(service, keys, 'switched');
  journal.record(`switch ${service} back to its old containers`, async () => {
    store.swapPorts(service, keys, 'starting');
    await pointRoutes(ctx, service, routes, store.portsOf(service));
  });
  await pointRoutes(ctx, service, routes, store.portsOf(service));
  const list = containers.map((c) => c.name).join(', ');
  return { note: `switched ${list} to healthy successors (${checks.join('; ')})`, retired: containers };
}

/** Gives every route in `routes` a second host port, if it has none yet. */
async function holdSparePorts(
  ctx: AgentContext,
  service: string,
  routes: readonly PlannedRoute[],
  journal: UndoJournal,
): Promise<void> {
  const { store } = ctx;
  const held = store.sparePortsOf(service);
  for (const route of routes.filter((r) => !held.has(portKey(r)))) {
    const taken = new Set(store.allPorts());
    for (let attempt = 0; ; attempt++) {
      const port = await ctx.ports.allocate(taken);
      try {
        store.holdSparePort(service, route.component, route.route, port);
        journal.record(`release spare host port ${port} of ${service} ${portKey(route)}`, () =>
          store.releaseSparePort(service, route.component, route.route),
        );
        break;
      } catch (error) {
        if (attempt >= RACE_RETRIES) throw error;
        taken.add(port);
      }
    }
  }
}
