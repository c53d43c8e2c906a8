/** What a node does in the fleet. Edge nodes never host containers. */
export type NodeRole = 'master' | 'worker' | 'edge';

/** The roles, in the order messages list them. */
export const NODE_ROLES: readonly NodeRole[] = ['master', 'worker', 'edge'];

/** Whether `text` is a node role. */
export function isNodeRole(text: unknown): text is NodeRole {
  return NODE_ROLES.includes(text as NodeRole);
}

/** A node's CPU architecture, in Go's spelling (what images and agent binaries are built for). */
export type NodeArch = 'amd64' | 'arm64';

/** The architectures, in the order messages list them. */
export const NODE_ARCHES: readonly NodeArch[] = ['amd64', 'arm64'];

/** Whether `text` is a node architecture. */
export function isNodeArch(text: unknown): text is NodeArch {
  return NODE_ARCHES.includes(text as NodeArch);
}

/**
 * The fleet's name for a Node.js `process.arch`: `x64` → `amd64`, `arm64` →
 * `arm64`; `undefined` for an architecture the fleet does not run.
 */
export function nodeArchOf(processArch: string): NodeArch | undefined {
  if (processArch === 'x64') return 'amd64';
  return processArch === 'arm64' ? 'arm64' : undefined;
}
