import { EdgeError } from './EdgeError.js';
import { asciiLowerCase, quote } from './hostnameSyntax.js';
import type { EdgeRoute, EdgeRouteDiff, EdgeRouteField, EdgeRouteUpdate } from './types.js';

/**
 * Compares desired edge routes with the actual ones, keyed by hostname
 * (case-insensitively, as DNS is). A route needs an update when its backend
 * hostname (case-insensitively), backend port or edge node differs; any
 * other field, such as a certificate serial or expiry, is ignored. When the
 * actual list holds a hostname more than once, the copy that matches the
 * desired route is kept (else the one on the desired edge node, else the
 * first by edge node name) and the others are removed. Every list is sorted
 * by hostname, so the same input always gives the same plan.
 *
 * @throws EdgeError `DUPLICATE_ROUTE` if `desired` names a hostname twice.
 */
export function diffEdgeRoutes<D extends EdgeRoute, A extends EdgeRoute>(
  desired: readonly D[],
  actual: readonly A[],
): EdgeRouteDiff<D, A> {
  const wanted = new Map<string, D>();
  for (const route of desired) {
    const key = asciiLowerCase(route.hostname);
    if (wanted.has(key)) {
      throw new EdgeError(
        'DUPLICATE_ROUTE',
        `desired edge routes name hostname ${quote(route.hostname)} twice`,
      );
    }
    wanted.set(key, route);
  }
  const existing = new Map<string, A[]>();
  for (const route of actual) {
    const key = asciiLowerCase(route.hostname);
    const copies = existing.get(key);
    if (copies === undefined) existing.set(key, [route]);
    else copies.push(route);
  }

  const diff: EdgeRouteDiff<D, A> = { add: [], update: [], remove: [], unchanged: [] };
  for (const key of [...new Set([...wanted.keys(), ...existing.keys()])].sort(compare)) {
    const want = wanted.get(key);
    const copies = (existing.get(key) ?? []).sort((a, b) => compare(a.edgeNode, b.edgeNode));
    if (want === undefined) {
      diff.remove.push(...copies);
      continue;
    }
    const kept =
      copies.find((route) => changes(want, route).length === 0) ??
      copies.find((route) => route.edgeNode === want.edgeNode) ??
      copies[0];
    diff.remove.push(...copies.filter((route) => route !== kept));
    if (kept === undefined) {
      diff.add.push(want);
      continue;
    }
    const changed = changes(want, kept);
    if (changed.length === 0) diff.unchanged.push(kept);
    else diff.update.push({ desired: want, actual: kept, changed } satisfies EdgeRouteUpdate<D, A>);
  }
  return diff;
}

function changes(desired: EdgeRoute, actual: EdgeRoute): EdgeRouteField[] {
  const changed: EdgeRouteField[] = [];
  if (asciiLowerCase(desired.backendHostname) !== asciiLowerCase(actual.backendHostname))
    changed.push('backendHostname');
  if (desired.backendPort !== actual.backendPort) changed.push('backendPort');
  if (desired.edgeNode !== actual.edgeNode) changed.push('edgeNode');
  return changed;
}

/** Code-unit order, so the result never depends on the host's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
