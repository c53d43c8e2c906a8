import { describe, expect, it } from '@jest/globals';
import { errorBoundary } from './errorBoundary.js';

describe('errorBoundary', () => {
  const guarded = errorBoundary((error) => new Error(`mapped: ${(error as Error).message}`));

  it('passes arguments and results through', async () => {
    await expect(guarded((a: number, b: number) => Promise.resolve(a + b))(2, 3)).resolves.toBe(5);
  });

  it('sends every thrown error through the mapper', async () => {
    await expect(guarded(() => Promise.reject(new Error('boom')))()).rejects.toThrow('mapped: boom');
  });
});
