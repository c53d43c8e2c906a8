import type { LivenessStatus } from './types.js';

/**
 * Whether a node in `status` may be given new work (a placement, a deploy).
 * `healthy` and `probing` may: a probe in flight is no failure yet.
 * `unknown` (not heard from since the master started), `unhealthy` and
 * `restarting` (its agent is away on purpose, an operator said so) may not.
 */
export function takesNewWork(status: LivenessStatus): boolean {
  switch (status) {
    case 'healthy':
    case 'probing':
      return true;
    case 'unknown':
    case 'unhealthy':
    case 'restarting':
      return false;
  }
}
