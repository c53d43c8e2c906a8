import { randomUUID } from 'node:crypto';
import { Backoff } from '@mcp/heartbeat';
import type { MasterServiceClient, Resources } from '@mcp/proto';
import { ClientError, Status } from 'nice-grpc';
import type { Logger } from 'pino';

/** What the agent announces, and how it keeps in touch. */
export interface MasterLinkOptions {
  client: MasterServiceClient;
  node: string;
  role: string;
  /** `host:port` the master dials this agent on. */
  address: string;
  arch: string;
  version: string;
  /** The port the node proxy serves routes on (0: none), for the edge to forward to. */
  proxyPort: number;
  /** Heartbeat interval until the master names one at registration. */
  heartbeatIntervalMs: number;
  /** Registration retry: first delay and cap (exponential, jittered). */
  backoff: { baseMs: number; maxMs: number };
  resources: () => Promise<Resources>;
  /**
   * What the agent finds wrong with itself (as HealthCheck reports it), sent
   * with each heartbeat; asked after `resources`. Default none.
   */
  problems?: () => Promise<string[]>;
  /**
   * Names this agent process to the master, so it tells a restarted agent
   * from the same one registering again. Default a random UUID, new for
   * each link: one per agent start.
   */
  instanceId?: string;
  logger: Logger;
  /** Deadline of one call. Default 10 s. */
  callTimeoutMs?: number;
  /** Jitter source. Default Math.random. */
  random?: () => number;
}

/**
 * The agent's only outgoing connection: register with the master (retrying
 * with backoff while it is away), then heartbeat with resource figures. A
 * master that no longer knows the node (NOT_FOUND, after losing its database)
 * gets a fresh registration. Containers are never touched by any of this.
 * Register and every heartbeat carry the process's `instanceId`.
 */
export class MasterLink {
  /** This process's id, as the master sees it in Register, Heartbeat and ListNodes. */
  readonly instanceId: string;
  private stopped = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private intervalMs: number;
  /** Whether the last registration succeeded and no heartbeat was refused since. */
  registered = false;

  constructor(private readonly options: MasterLinkOptions) {
    this.intervalMs = options.heartbeatIntervalMs;
    this.instanceId = options.instanceId ?? randomUUID();
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const backoff = new Backoff({
      baseMs: this.options.backoff.baseMs,
      maxMs: this.options.backoff.maxMs,
      random: this.options.random ?? Math.random,
    });
    while (!this.stopped) {
      if (!this.registered) {
        if (await this.register()) backoff.reset();
        else {
          await this.sleep(backoff.next());
          continue;
        }
      }
      await this.sleep(this.intervalMs);
      if (!this.stopped) await this.heartbeat();
    }
  }

  private async register(): Promise<boolean> {
    const { client, logger } = this.options;
    try {
      const reply = await client.register(
        {
          name: this.options.node,
          role: this.options.role,
          address: this.options.address,
          arch: this.options.arch,
          agentVersion: this.options.version,
          proxyPort: this.options.proxyPort,
          agentInstanceId: this.instanceId,
        },
        this.callOptions(),
      );
      const interval = reply.heartbeatInterval;
      if (interval && interval.seconds * 1000 + interval.nanos / 1e6 > 0) {
        this.intervalMs = interval.seconds * 1000 + Math.round(interval.nanos / 1e6);
      }
      for (const warning of reply.warnings) logger.warn({ warning }, 'master warned at registration');
      logger.info({ intervalMs: this.intervalMs }, 'registered with the master');
      this.registered = true;
      return true;
    } catch (error) {
      const permanent =
        error instanceof ClientError &&
        [Status.PERMISSION_DENIED, Status.INVALID_ARGUMENT, Status.FAILED_PRECONDITION].includes(error.code);
      logger[permanent ? 'error' : 'warn']({ err: describe(error) }, 'registration failed; will retry');
      return false;
    }
  }

  private async heartbeat(): Promise<void> {
    try {
      await this.options.client.heartbeat(
        {
          name: this.options.node,
          resources: await this.options.resources(),
          agentVersion: this.options.version,
          agentInstanceId: this.instanceId,
          problems: (await this.options.problems?.().catch(() => undefined)) ?? [],
        },
        this.callOptions(),
      );
    } catch (error) {
      if (error instanceof ClientError && error.code === Status.NOT_FOUND) {
        this.options.logger.warn('the master does not know this node; registering again');
        this.registered = false;
        return;
      }
      this.options.logger.warn({ err: describe(error) }, 'heartbeat failed');
    }
  }

  private callOptions() {
    return { signal: AbortSignal.timeout(this.options.callTimeoutMs ?? 10_000) };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function describe(error: unknown): string {
  return error instanceof ClientError
    ? `${Status[error.code]}: ${error.details}`
    : error instanceof Error
      ? error.message
      : String(error);
}
