/**
 * Serializes work per key (one deploy, stop or undeploy of a service at a
 * time) while different keys run in parallel. A failed task does not block
 * the next one; finished keys are forgotten, so memory follows what is busy.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Keys with work queued or running. */
  get busy(): number {
    return this.tails.size;
  }

  /** Runs `fn` once every earlier task of `key` has settled; resolves or rejects as `fn` does. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    // Tails never reject (see below), so `fn` always runs after the previous one.
    const next = (this.tails.get(key) ?? Promise.resolve()).then(fn);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
