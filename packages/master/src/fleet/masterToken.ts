import { mintToken } from '@mcp/auth';
import { MASTER_IDENTITY } from '@mcp/names';

/**
 * The master's own token, minted from its signing key and re-minted when
 * less than a quarter of its life is left. Never written anywhere.
 */
export function masterTokenSource(
  signingKeyPem: string,
  issuer: string,
  ttlSeconds = 3600,
): () => Promise<string> {
  let current: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;
  return async () => {
    if (current && Date.now() < current.renewAt) return current.token;
    pending ??= mintToken(signingKeyPem, { sub: MASTER_IDENTITY, kind: 'master', ttl: ttlSeconds, issuer })
      .then((token) => {
        current = { token, renewAt: Date.now() + ttlSeconds * 750 };
        return token;
      })
      .finally(() => (pending = undefined));
    return pending;
  };
}
