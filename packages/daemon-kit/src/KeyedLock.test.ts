import { describe, expect, it } from '@jest/globals';
import { KeyedLock } from './KeyedLock.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('KeyedLock', () => {
  it('runs tasks of one key one at a time, in order', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      lock.run('a', task('1')),
      lock.run('a', task('2')),
      lock.run('a', task('3')),
    ]);
    expect(results).toEqual(['1', '2', '3']);
    expect(log).toEqual(['1 start', '1 end', '2 start', '2 end', '3 start', '3 end']);
  });

  it('runs different keys side by side', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    let release!: () => void;
    const held = lock.run('a', () => new Promise<void>((r) => (release = r)));
    await lock.run('b', () => {
      log.push('b ran while a was held');
      return Promise.resolve();
    });
    release();
    await held;
    expect(log).toEqual(['b ran while a was held']);
  });

  it('a failed task rejects its caller and does not block the next', async () => {
    const lock = new KeyedLock();
    const failed = lock.run('a', () => Promise.reject(new Error('boom')));
    const next = lock.run('a', () => Promise.resolve('next'));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });

  it('forgets a key once its work is done', async () => {
    const lock = new KeyedLock();
    await lock.run('a', () => Promise.resolve());
    await tick();
    expect(lock.busy).toBe(0);
  });
});
