import { mintToken } from '@mcp/auth';
import { agentIdentity, MASTER_IDENTITY } from '@mcp/names';

/** How the master's tokens for agents are made. */
export interface AgentTokensOptions {
  signingKeyPem: string;
  issuer: string;
  /** Lifetime of one token, in seconds. Default 300: minutes, not hours. */
  ttlSeconds?: number;
  /** Milliseconds since the epoch. Default Date.now. */
  now?: () => number;
}

/**
 * The master's bearer tokens for agents: one per node, whose audience is
 * that node's agent alone (`agent-<node>`), minutes long, re-minted when a
 * quarter of its life is left. What one agent receives is refused by every
 * other agent and by the master. Never written anywhere.
 */
export class AgentTokens {
  private readonly cache = new Map<string, { token: string; renewAt: number }>();
  private readonly pending = new Map<string, Promise<string>>();
  private readonly ttlSeconds: number;
  private readonly now: () => number;

  constructor(private readonly options: AgentTokensOptions) {
    this.ttlSeconds = options.ttlSeconds ?? 300;
    this.now = options.now ?? Date.now;
  }

  /** A token for calls to `node`'s agent. */
  forNode(node: string): Promise<string> {
    const cached = this.cache.get(node);
    if (cached && this.now() < cached.renewAt) return Promise.resolve(cached.token);
    let pending = this.pending.get(node);
    if (!pending) {
      const issuedAt = this.now();
      pending = mintToken(this.options.signingKeyPem, {
        sub: MASTER_IDENTITY,
        kind: 'master',
        audience: agentIdentity(node),
        ttl: this.ttlSeconds,
        issuer: this.options.issuer,
        now: issuedAt,
      })
        .then((token) => {
          this.cache.set(node, { token, renewAt: issuedAt + this.ttlSeconds * 750 });
          return token;
        })
        .finally(() => this.pending.delete(node));
      this.pending.set(node, pending);
    }
    return pending;
  }
}
