import { EdgeError } from '../EdgeError.js';

/** Runs `fn` and returns the EdgeError it throws; fails the test if it returns or throws anything else. */
export function catchEdgeError(fn: () => unknown): EdgeError {
  let result: unknown;
  try {
    result = fn();
  } catch (error) {
    if (error instanceof EdgeError) return error;
    throw error;
  }
  throw new Error(`expected an EdgeError, got a result: ${JSON.stringify(result)}`);
}
