import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<true>();

/**
 * Runs `fn` as something an operator waits on (a deploy, start, stop, restart or undeploy):
 * every container runtime command made on its behalf, also from callbacks and timers it
 * starts, counts as urgent, but for what runs in {@link asBookkeeping}. `PodmanRuntime` runs
 * urgent commands at the agent's own niceness; the rest (heartbeats, the monitor, status) is
 * bookkeeping and runs nicer. A deploy makes a handful of commands; under `nice`, the
 * `podman ps` on a redeploy's way to its new container took 70–180 ms on a busy node, and
 * 50–120 without.
 */
export function urgently<T>(fn: () => Promise<T>): Promise<T> {
  return scope.run(true, fn);
}

/**
 * Runs `fn` as bookkeeping again, inside {@link urgently}: for what follows a deploy's switch,
 * the old containers' drain and removal. The new ones serve by then, and a `podman rm` at the
 * agent's niceness takes the CPU from them (bench/redeploy's p99 during switches).
 */
export function asBookkeeping<T>(fn: () => Promise<T>): Promise<T> {
  return scope.exit(fn);
}

/** Whether the caller runs inside {@link urgently} (and not inside {@link asBookkeeping}). */
export function isUrgent(): boolean {
  return scope.getStore() === true;
}
