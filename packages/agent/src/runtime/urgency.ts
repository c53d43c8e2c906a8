import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<true>();

/**
 * Runs `fn` as something an operator waits on (a deploy, start, stop, restart or
 * undeploy): every container runtime command made on its behalf, also from callbacks
 * and timers it starts, counts as urgent. `PodmanRuntime` runs urgent commands at
 * the agent's own niceness; the rest (heartbeats, the monitor, status) is bookkeeping and
 * runs nicer. A deploy makes a handful of commands, and a niced `podman ps` on its way
 * to the new container was 70–180 ms of a busy node's deploy instead of about 60.
 */
export function urgently<T>(fn: () => Promise<T>): Promise<T> {
  return scope.run(true, fn);
}

/** Whether the caller runs inside {@link urgently}. */
export function isUrgent(): boolean {
  return scope.getStore() === true;
}
