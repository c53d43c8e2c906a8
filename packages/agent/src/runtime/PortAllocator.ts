import { createServer } from 'node:net';

/** Where host ports come from. */
export interface PortAllocatorOptions {
  /** Inclusive range. Default 10000–60000. */
  range?: readonly [number, number];
  /** Address host ports are published on; a port must be bindable there. Default `127.0.0.1`. */
  bindAddress?: string;
  /** Picks the first port tried, so agents do not all crowd the bottom of the range. Default Math.random. */
  random?: () => number;
  /** Checks that nothing else holds a port. Default: try to bind it. */
  isFree?: (port: number, address: string) => Promise<boolean>;
}

/**
 * Chooses free host ports for routes. A port is free when the agent's store
 * does not hold it and the OS lets us bind it; the caller records it in the
 * store (whose UNIQUE constraint catches a race) and retries on collision.
 */
export class PortAllocator {
  readonly range: readonly [number, number];
  private readonly bindAddress: string;
  private readonly random: () => number;
  private readonly isFree: (port: number, address: string) => Promise<boolean>;

  constructor(options: PortAllocatorOptions = {}) {
    this.range = options.range ?? [10000, 60000];
    this.bindAddress = options.bindAddress ?? '127.0.0.1';
    this.random = options.random ?? Math.random;
    this.isFree = options.isFree ?? canBind;
  }

  /**
   * A port in the range that is neither in `taken` nor bound by anyone.
   * @throws Error when the whole range is used up.
   */
  async allocate(taken: ReadonlySet<number>): Promise<number> {
    const [low, high] = this.range;
    const size = high - low + 1;
    const start = Math.floor(this.random() * size);
    for (let i = 0; i < size; i++) {
      const port = low + ((start + i) % size);
      if (taken.has(port)) continue;
      if (await this.isFree(port, this.bindAddress)) return port;
    }
    throw new Error(`no free host port in ${low}-${high} on ${this.bindAddress}`);
  }
}

/** True if a TCP listener can be opened on `address:port` right now. */
export function canBind(port: number, address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: address, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
