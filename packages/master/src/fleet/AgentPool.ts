import { createChannelCredentials, createTokenMiddleware } from '@mcp/auth';
import { nodeDnsName } from '@mcp/names';
import { AgentServiceDefinition, HealthStatus, type AgentServiceClient } from '@mcp/proto';
import { createChannel, createClientFactory, type Channel } from 'nice-grpc';
import type { AgentTokens } from './AgentTokens.js';

/** Which agent to call: the node and where it listens. */
export interface AgentTarget {
  readonly name: string;
  readonly address: string;
}

/**
 * Channels to agents, one per node and address, calling as `mcp-master`.
 * Every connection checks that the agent's certificate names the node the
 * master means to call (`<node>.node.mcp.<zone>`), not just its address,
 * and every call carries a token only that node's agent accepts; an
 * address that answers as another node gets neither a call nor a token.
 */
export class AgentPool {
  private readonly channels = new Map<
    string,
    { node: string; channel: Channel; client: AgentServiceClient }
  >();
  private readonly credentials;

  constructor(
    /** The fleet CA (PEM) agents' certificates chain to. */
    caPem: string,
    private readonly tokens: AgentTokens,
    private readonly zone: string,
  ) {
    this.credentials = createChannelCredentials({ ca: caPem });
  }

  /** A client for `node`'s agent. */
  client(node: AgentTarget): AgentServiceClient {
    const key = `${node.name}@${node.address}`;
    let entry = this.channels.get(key);
    if (!entry) {
      const channel = createChannel(node.address, this.credentials, {
        // The name the agent's certificate must carry, whatever address it is dialled at.
        'grpc.ssl_target_name_override': nodeDnsName(node.name, this.zone),
        // grpc-js backs off up to 2 minutes between reconnects by default, and
        // fails calls at once meanwhile; an agent that restarts is back in seconds.
        'grpc.initial_reconnect_backoff_ms': 200,
        'grpc.max_reconnect_backoff_ms': 2000,
      });
      const client = createClientFactory()
        .use(createTokenMiddleware(() => this.tokens.forNode(node.name)))
        .create(AgentServiceDefinition, channel);
      entry = { node: node.name, channel, client };
      this.channels.set(key, entry);
    }
    return entry.client;
  }

  /** True when the agent answers HealthCheck within `timeoutMs` (degraded still counts as alive). */
  async probe(node: AgentTarget, timeoutMs: number): Promise<boolean> {
    try {
      const reply = await this.client(node).healthCheck({}, { signal: AbortSignal.timeout(timeoutMs) });
      return reply.status !== HealthStatus.HEALTH_STATUS_UNSPECIFIED;
    } catch {
      return false;
    }
  }

  /**
   * Drops every channel to `node`, so the next call dials afresh: called when
   * its agent registers, since it has just (re)started.
   */
  reconnect(node: string): void {
    for (const [key, entry] of this.channels) {
      if (entry.node !== node) continue;
      entry.channel.close();
      this.channels.delete(key);
    }
  }

  close(): void {
    for (const { channel } of this.channels.values()) channel.close();
    this.channels.clear();
  }
}
