import { chooseReplacement } from '@mcp/reconcile';
import type { ComponentSpec, PlannedRoute, ServiceSpec } from '@mcp/spec';
import type { SwitchRecord } from '../store/AgentStore.js';
import { LABELS, type AgentContext } from './AgentContext.js';
import { buildContainerSpec } from './buildContainerSpec.js';
import { DeployError } from './DeployError.js';
import { containerName, portKey, type HostPorts } from './names.js';
import { rollComponents } from './rollComponents.js';
import type { UndoJournal } from './UndoJournal.js';
import { waitHealthy } from './waitHealthy.js';

/** What the containers are brought to. */
export interface ContainerTarget {
  spec: ServiceSpec;
  specHash: string;
  /** Whether the containers should be running. */
  running: boolean;
  ports: HostPorts;
  /** Every planned route of the service. */
  routes: readonly PlannedRoute[];
}

/** The `containers` step's outcome. */
export interface AppliedContainers {
  changed: boolean;
  detail: string;
  /** Old containers moved aside for a recreated one, to remove once the deploy succeeded. */
  parked: string[];
  /** Old containers a rolling switch took the routes from, to drain and remove once the deploy succeeded. */
  retired: SwitchRecord['containers'];
}

/**
 * Brings every component's container to the spec and the running state. A
 * container whose component hash matches is only started or stopped; one
 * that differs is replaced as {@link chooseReplacement} says. Rolling (a
 * running component with routes, strategy `rolling`): the new container
 * starts beside the old and takes the routes once healthy, see
 * {@link rollComponents}. Recreate: the old container is stopped and parked
 * as `<name>-mcp-previous`, and the new one created. A container started
 * here must pass its health check either way. Rollback removes what was
 * created and restores what was parked, running again if it was.
 *
 * @throws DeployError `CONTAINER_NAME_TAKEN` when the name is held by a
 *   container MCP does not manage for this service.
 * @throws DeployError `UNHEALTHY` when a new container is not healthy by its deadline.
 * @throws RuntimeError when the runtime fails (`PULL_FAILED` for an image that cannot be pulled).
 */
export async function applyContainers(
  ctx: AgentContext,
  target: ContainerTarget,
  journal: UndoJournal,
): Promise<AppliedContainers> {
  const notes: string[] = [];
  const parked: string[] = [];
  const rolling: ComponentSpec[] = [];
  for (const component of target.spec.components) {
    const done = await applyContainer(ctx, target, component, journal);
    if (done.note) notes.push(done.note);
    if (done.parkedAs) parked.push(done.parkedAs);
    if (done.rolling) rolling.push(component);
  }
  let retired: SwitchRecord['containers'] = [];
  if (rolling.length) {
    const { spec, specHash, routes } = target;
    const rolled = await rollComponents(ctx, { spec, specHash, routes, components: rolling }, journal);
    notes.push(rolled.note);
    retired = rolled.retired;
  }
  return {
    changed: notes.length > 0,
    detail: notes.length ? notes.join(', ') : 'unchanged',
    parked,
    retired,
  };
}

/** What one component's container went through. */
interface AppliedContainer {
  /** What was done, for the step's detail; unset when nothing was. */
  note?: string;
  /** The old container's parked name, when it was recreated. */
  parkedAs?: string;
  /** Whether it is left to the rolling switch, which replaces all such components together. */
  rolling?: boolean;
}

async function applyContainer(
  ctx: AgentContext,
  { spec, specHash, running, ports, routes }: ContainerTarget,
  component: ComponentSpec,
  journal: UndoJournal,
): Promise<AppliedContainer> {
  const { runtime, stopTimeoutSeconds } = ctx;
  const name = containerName(spec.name, component.name);
  const wanted = buildContainerSpec({
    service: spec.name,
    specHash,
    component,
    hostPorts: ports,
    zone: ctx.zone,
    bindAddress: ctx.bindAddress,
  });
  // A container the agent ran before is in the listing of the node's MCP containers, which
  // comes from memory while nothing changed. A first deploy asks podman for the name itself:
  // it may be held by a container that is not MCP's.
  const ranBefore = ctx.store.getService(spec.name)?.components.some((c) => c.containerName === name);
  const current =
    (ranBefore ? (await runtime.list(LABELS.service)).find((c) => c.name === name) : undefined) ??
    (await runtime.inspect(name));
  if (current && current.labels[LABELS.service] !== spec.name) {
    throw new DeployError(
      'CONTAINER_NAME_TAKEN',
      `container name ${name} is taken by a container MCP does not manage for ${spec.name}`,
    );
  }
  if (current && current.labels[LABELS.componentHash] === wanted.labels[LABELS.componentHash]) {
    if (running && current.state !== 'running') {
      await runtime.start(name);
      // The monitor's last check saw it stopped; status waits for the next one.
      ctx.healthBook.forget(spec.name, component.name);
      return { note: `started ${name}` };
    }
    if (!running && current.state === 'running') {
      await runtime.stop(name, stopTimeoutSeconds);
      return { note: `stopped ${name}` };
    }
    return {};
  }
  // Fetch the new image before the old container stops, so a bad tag fails
  // the deploy without any downtime; and never let podman run pull it, whose
  // retries print the same failure four times. To run, the deploy's images
  // step has already fetched every image.
  if (!running && !(await runtime.imageExists(component.image))) await runtime.pull(component.image);
  const replacement = chooseReplacement({
    strategy: spec.strategy,
    routes: component.routes.length,
    running,
    currentRunning: current?.state === 'running',
  });
  if (current && replacement === 'rolling') return { rolling: true };
  let parkedAs: string | undefined;
  if (current) {
    const previous = `${name}-mcp-previous`;
    await runtime.remove(previous);
    await runtime.stop(name, stopTimeoutSeconds);
    await runtime.rename(name, previous);
    const wasRunning = current.state === 'running';
    journal.record(`restore ${name}`, async () => {
      await runtime.rename(previous, name);
      if (wasRunning) await runtime.start(name);
    });
    parkedAs = previous;
  }
  // Recorded before the attempt: a run that fails half-way can leave a container behind.
  journal.record(`remove ${name}`, () => runtime.remove(name));
  if (running) {
    await runtime.run(wanted);
    const own = routes.filter((r) => r.component === component.name);
    const hostPorts = own.map((r) => ports.get(portKey(r))!);
    await waitHealthy(ctx, { service: spec.name, name, component, ports: hostPorts });
  } else await runtime.create(wanted);
  return { note: `${current ? 'recreated' : 'created'} ${name}`, parkedAs };
}
