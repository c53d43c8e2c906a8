/**
 * Makes a wrapper for handlers at a service boundary: whatever a wrapped
 * handler throws leaves through `map` (for a gRPC server, the one function
 * that turns the daemon's errors into statuses).
 */
export function errorBoundary(
  map: (error: unknown) => Error,
): <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => (...args: A) => Promise<R> {
  return (fn) =>
    async (...args) => {
      try {
        return await fn(...args);
      } catch (error) {
        throw map(error);
      }
    };
}
