import { describe, expect, it } from '@jest/globals';
import { TestkitError } from './TestkitError.js';
import { waitFor } from './waitFor.js';

describe('waitFor', () => {
  it('returns the first value that is not false, undefined or null', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : false), { intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  it('treats a throwing attempt as not yet', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        await Promise.resolve();
        if (++calls < 2) throw new Error('not ready');
        return 'ready';
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('ready');
  });

  it('accepts 0 and the empty string as values', async () => {
    expect(await waitFor(() => 0)).toBe(0);
    expect(await waitFor(() => '')).toBe('');
  });

  it('times out with the last error as cause', async () => {
    const failure = new Error('still down');
    const promise = waitFor(
      () => {
        throw failure;
      },
      { timeoutMs: 30, intervalMs: 5, description: 'the thing' },
    );
    await expect(promise).rejects.toThrow(TestkitError);
    await expect(promise).rejects.toMatchObject({ code: 'TIMEOUT', cause: failure });
    await expect(promise).rejects.toThrow(/the thing did not hold within 30 ms: still down/);
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const promise = waitFor(() => false, { signal: controller.signal, timeoutMs: 10_000 });
    controller.abort(new Error('gave up'));
    await expect(promise).rejects.toThrow('gave up');
  });
});
