import { expect } from '@jest/globals';
import { SpecError } from '../SpecError.js';

/** The SpecError `run` throws; fails the test if it throws something else or nothing. */
export function specErrorOf(run: () => unknown): SpecError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SpecError);
  return caught as SpecError;
}

/** The lines of the message of the SpecError `run` throws. */
export function errorLines(run: () => unknown): string[] {
  return specErrorOf(run).message.split('\n');
}

/** The SpecError a promise rejects with. */
export async function rejectionOf(promise: Promise<unknown>): Promise<SpecError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(SpecError);
  return caught as SpecError;
}
