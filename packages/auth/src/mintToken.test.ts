import { describe, expect, it } from '@jest/globals';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { generateSigningKeyPair } from './generateSigningKeyPair.js';
import { mintToken, type MintTokenOptions } from './mintToken.js';

/** The receiver these tests' tokens are made for. */
const AUDIENCE = 'test-receiver';

const keys = generateSigningKeyPair();

describe('mintToken', () => {
  it('signs the documented claims with EdDSA', async () => {
    const token = await mintToken(keys.privateKeyPem, {
      audience: AUDIENCE,
      sub: 'agent-orion',
      kind: 'agent',
      ttl: 3600,
      now: 1_800_000_000_500,
      jti: 'j-1',
    });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', typ: 'JWT' });
    expect(decodeJwt(token)).toEqual({
      sub: 'agent-orion',
      kind: 'agent',
      aud: AUDIENCE,
      iss: 'mcp',
      iat: 1_800_000_000,
      exp: 1_800_003_600,
      jti: 'j-1',
    });
  });

  it('gives every token its own jti', async () => {
    const options: MintTokenOptions = { audience: AUDIENCE, sub: 'alice', kind: 'human', ttl: 60 };
    const [a, b] = await Promise.all([
      mintToken(keys.privateKeyPem, options),
      mintToken(keys.privateKeyPem, options),
    ]);
    expect(decodeJwt(a).jti).not.toEqual(decodeJwt(b).jti);
  });

  it.each<[string, unknown, Partial<MintTokenOptions>, string]>([
    [
      'an inconsistent identity',
      keys.privateKeyPem,
      { sub: 'alice', kind: 'agent' },
      'INCONSISTENT_IDENTITY',
    ],
    ['a zero ttl', keys.privateKeyPem, { ttl: 0 }, 'INVALID_OPTION'],
    ['a fractional ttl', keys.privateKeyPem, { ttl: 1.5 }, 'INVALID_OPTION'],
    ['an empty issuer', keys.privateKeyPem, { issuer: '' }, 'INVALID_OPTION'],
    ['an empty jti', keys.privateKeyPem, { jti: '' }, 'INVALID_OPTION'],
    ['an empty audience', keys.privateKeyPem, { audience: '' }, 'INVALID_OPTION'],
    ['a public key', createPublicKey(keys.publicKeyPem), {}, 'INVALID_KEY'],
    ['a public key PEM', keys.publicKeyPem, {}, 'INVALID_KEY'],
    ['an RSA key', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, {}, 'INVALID_KEY'],
  ])('refuses %s', async (_, key, extra, code) => {
    const options = { audience: AUDIENCE, sub: 'alice', kind: 'human' as const, ttl: 60, ...extra };
    await expect(mintToken(key as string, options)).rejects.toMatchObject({ code });
  });
});
