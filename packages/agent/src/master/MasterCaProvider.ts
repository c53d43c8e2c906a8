import { Backoff } from '@mcp/heartbeat';
import type { MasterServiceClient } from '@mcp/proto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ClientError, Status } from 'nice-grpc';
import type { CertificateProvider } from '../certs/CertificateProvider.js';

/** How MasterCaProvider waits for a master it cannot reach. */
export interface MasterCaProviderOptions {
  /** The whole issue, retries included. Default 30 000. */
  timeoutMs?: number;
  /** First wait after an unreachable master, doubling up to 2 s. Default 100. */
  retryBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * {@link CertificateProvider} backed by the master's fleet CA
 * (`IssueCertificate`): the default. The master signs only names its policy
 * allows this node (internal names for workers, public ones for edges).
 *
 * A master that is not reachable (`UNAVAILABLE`: restarting, or the channel
 * still waiting to reconnect after it was away, when grpc-js fails a call at
 * once) is asked again until the timeout: such a call never reached it. Any
 * other refusal is final.
 */
export class MasterCaProvider implements CertificateProvider {
  readonly name = 'master';
  private readonly timeoutMs: number;
  private readonly retryBaseMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(
    private readonly client: MasterServiceClient,
    private readonly node: string,
    options: MasterCaProviderOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retryBaseMs = options.retryBaseMs ?? 100;
    this.sleep = options.sleep ?? ((ms) => sleep(ms));
    this.now = options.now ?? Date.now;
  }

  async issue(csrPem: string): Promise<string> {
    const deadline = this.now() + this.timeoutMs;
    // No jitter: one agent asks once per wait, nothing to spread.
    const backoff = new Backoff({ baseMs: this.retryBaseMs, maxMs: 2000, jitter: 0, random: Math.random });
    for (;;) {
      try {
        const reply = await this.client.issueCertificate(
          { name: this.node, csrPem },
          { signal: AbortSignal.timeout(Math.max(1, deadline - this.now())) },
        );
        return reply.certificateChainPem;
      } catch (error) {
        const left = deadline - this.now();
        const wait = backoff.next();
        if (error instanceof ClientError && error.code === Status.UNAVAILABLE && left > wait) {
          await this.sleep(wait);
          continue;
        }
        throw new Error(
          error instanceof ClientError ? `master refused: ${error.details}` : (error as Error).message,
          { cause: error },
        );
      }
    }
  }
}
