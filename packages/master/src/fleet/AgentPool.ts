import { createChannelCredentials, createTokenMiddleware } from '@mcp/auth';
import { AgentServiceDefinition, HealthStatus, type AgentServiceClient } from '@mcp/proto';
import { createChannel, createClientFactory, type Channel } from 'nice-grpc';

/** Channels to agents, one per address, calling as `mcp-master`. */
export class AgentPool {
  private readonly channels = new Map<string, { channel: Channel; client: AgentServiceClient }>();
  private readonly credentials;

  constructor(
    /** The fleet CA (PEM) agents' certificates chain to. */
    caPem: string,
    /** The master's own bearer token (refreshed by the caller as it nears expiry). */
    private readonly token: () => Promise<string>,
  ) {
    this.credentials = createChannelCredentials({ ca: caPem });
  }

  /** A client for the agent at `address` (`host:port`). */
  client(address: string): AgentServiceClient {
    let entry = this.channels.get(address);
    if (!entry) {
      // grpc-js backs off up to 2 minutes between reconnects by default, and
      // fails calls at once meanwhile; an agent that restarts is back in seconds.
      const channel = createChannel(address, this.credentials, {
        'grpc.initial_reconnect_backoff_ms': 200,
        'grpc.max_reconnect_backoff_ms': 2000,
      });
      const client = createClientFactory()
        .use(createTokenMiddleware(this.token))
        .create(AgentServiceDefinition, channel);
      entry = { channel, client };
      this.channels.set(address, entry);
    }
    return entry.client;
  }

  /** True when the agent answers HealthCheck within `timeoutMs` (degraded still counts as alive). */
  async probe(address: string, timeoutMs: number): Promise<boolean> {
    try {
      const reply = await this.client(address).healthCheck({}, { signal: AbortSignal.timeout(timeoutMs) });
      return reply.status !== HealthStatus.HEALTH_STATUS_UNSPECIFIED;
    } catch {
      return false;
    }
  }

  /**
   * Drops the channel to `address`, so the next call dials afresh: called when
   * an agent registers, since it has just (re)started there.
   */
  reconnect(address: string): void {
    this.channels.get(address)?.channel.close();
    this.channels.delete(address);
  }

  close(): void {
    for (const { channel } of this.channels.values()) channel.close();
    this.channels.clear();
  }
}
