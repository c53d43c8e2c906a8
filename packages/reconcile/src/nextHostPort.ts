/**
 * The port of a route's stable pair that a new container is published on:
 * the one the route does not point at now. Each rolling redeploy alternates
 * between the two.
 *
 * @throws Error when `active` is not one of `pair` (a caller's bug).
 */
export function nextHostPort(pair: readonly [number, number], active: number): number {
  const [a, b] = pair;
  if (a === b) throw new Error(`a route's host ports must differ, got ${a} twice`);
  if (active === a) return b;
  if (active === b) return a;
  throw new Error(`host port ${active} is not one of the route's pair ${a}/${b}`);
}
