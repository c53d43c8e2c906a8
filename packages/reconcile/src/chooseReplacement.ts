/** How one component's changed container is replaced. */
export type Replacement = 'rolling' | 'recreate';

/** What decides the replacement of one component. */
export interface ReplacementInput {
  /** The service's `strategy`. */
  strategy: 'rolling' | 'recreate';
  /** How many routes the component has. */
  routes: number;
  /** Whether the service should run after the deploy. */
  running: boolean;
  /** Whether the container being replaced is running now. */
  currentRunning: boolean;
}

/**
 * Rolling only when there is something to keep serving and a route to
 * switch: the service asks for it, stays running, the old container runs,
 * and the component has routes. Everything else is recreated in place.
 */
export function chooseReplacement({
  strategy,
  routes,
  running,
  currentRunning,
}: ReplacementInput): Replacement {
  return strategy === 'rolling' && routes > 0 && running && currentRunning ? 'rolling' : 'recreate';
}
