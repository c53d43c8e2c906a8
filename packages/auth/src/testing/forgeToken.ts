// Tokens the real minting path refuses to make: inconsistent identities,
// other algorithms, unsigned. For tests of the verifier only.
import { createHmac, type KeyObject } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The receiver the forged tokens name, as the auth tests' verifiers expect. */
export const FORGED_AUDIENCE = 'test-receiver';

/** Valid claims for `sub`/`kind`, issued now for an hour, overridable. */
export function claims(sub: string, kind: string, extra: JWTPayload = {}): JWTPayload {
  const iat = Math.floor(Date.now() / 1000);
  return { sub, kind, aud: FORGED_AUDIENCE, iss: 'mcp', iat, exp: iat + 3600, jti: 'test-jti', ...extra };
}

/** Signs any claims with EdDSA, without the identity checks `mintToken` makes. */
export function signClaims(privateKey: KeyObject, payload: JWTPayload): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' }).sign(privateKey);
}

/** An `alg: none` token: no signature at all. */
export function unsignedToken(payload: JWTPayload): string {
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`;
}

/** The classic confusion attack: HS256 keyed with the verifier's public key PEM. */
export function hs256WithPublicKey(publicKeyPem: string, payload: JWTPayload): string {
  const signingInput = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}`;
  const mac = createHmac('sha256', publicKeyPem).update(signingInput).digest('base64url');
  return `${signingInput}.${mac}`;
}
