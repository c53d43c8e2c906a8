import { describe, expect, it } from '@jest/globals';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createTokenVerifier, type TokenKeySource } from './createTokenVerifier.js';
import { generateSigningKeyPair } from './generateSigningKeyPair.js';
import { mintToken } from './mintToken.js';
import { claims, signClaims } from './testing/forgeToken.js';

const keys = generateSigningKeyPair();
const privateKey = createPrivateKey(keys.privateKeyPem);
const NOW = 1_800_000_000_000;
const master = (extra: { ttl?: number; now?: number; issuer?: string } = {}) =>
  mintToken(keys.privateKeyPem, { sub: 'mcp-master', kind: 'master', ttl: 60, now: NOW, ...extra });
const at = (ms: number) => () => ms;

describe('createTokenVerifier', () => {
  it.each<[string, TokenKeySource]>([
    ['PEM text', { publicKey: keys.publicKeyPem }],
    ['PEM bytes', { publicKey: Buffer.from(keys.publicKeyPem) }],
    ['a public KeyObject', { publicKey: createPublicKey(keys.publicKeyPem) }],
    ['a private KeyObject (its public half)', { publicKey: privateKey }],
  ])('verifies with a public key given as %s', async (_, source) => {
    const verifier = createTokenVerifier(source, { now: at(NOW) });
    await expect(verifier.verify(await master())).resolves.toEqual({ sub: 'mcp-master', kind: 'master' });
  });

  it.each<[string, number, number | undefined, string | undefined]>([
    ['a token within its lifetime', NOW + 59_000, undefined, undefined],
    ['a token expired less than the default tolerance ago', NOW + 64_000, undefined, undefined],
    ['a token expired more than the tolerance ago', NOW + 66_000, undefined, 'TOKEN_EXPIRED'],
    ['a just-expired token with no tolerance', NOW + 60_000, 0, 'TOKEN_EXPIRED'],
    ['a token issued in the future', NOW - 60_000, undefined, 'INVALID_CLAIMS'],
  ])('judges %s by the clock', async (_, now, clockToleranceSeconds, code) => {
    const verifier = createTokenVerifier(
      { publicKey: keys.publicKeyPem },
      { now: at(now), clockToleranceSeconds },
    );
    const verdict = verifier.verify(await master());
    if (code === undefined) await expect(verdict).resolves.toEqual({ sub: 'mcp-master', kind: 'master' });
    else await expect(verdict).rejects.toMatchObject({ code });
  });

  it('checks the configured issuer', async () => {
    const verifier = createTokenVerifier({ publicKey: keys.publicKeyPem }, { issuer: 'fleet', now: at(NOW) });
    await expect(verifier.verify(await master({ issuer: 'fleet' }))).resolves.toMatchObject({
      kind: 'master',
    });
    await expect(verifier.verify(await master())).rejects.toMatchObject({ code: 'WRONG_ISSUER' });
  });

  it.each([
    ['sub', { sub: undefined }, 'INVALID_CLAIMS'],
    ['iat', { iat: undefined }, 'INVALID_CLAIMS'],
    ['exp', { exp: undefined }, 'INVALID_CLAIMS'],
    ['iss', { iss: undefined }, 'WRONG_ISSUER'],
    ['jti (empty)', { jti: '' }, 'MALFORMED_TOKEN'],
    ['kind', { kind: undefined }, 'INCONSISTENT_IDENTITY'],
  ])('refuses a token without %s', async (_, extra, code) => {
    const verifier = createTokenVerifier({ publicKey: keys.publicKeyPem });
    const token = await signClaims(privateKey, claims('mcp-master', 'master', extra));
    await expect(verifier.verify(token)).rejects.toMatchObject({ code });
  });

  it('refuses an oversized token before parsing it', async () => {
    const verifier = createTokenVerifier({ publicKey: keys.publicKeyPem });
    await expect(verifier.verify('a'.repeat(5000))).rejects.toMatchObject({ code: 'MALFORMED_TOKEN' });
  });

  it.each<[string, () => unknown, string]>([
    [
      'both key sources',
      () => createTokenVerifier({ publicKey: keys.publicKeyPem, jwksUrl: 'https://x' } as never),
      'INVALID_OPTION',
    ],
    ['no key source', () => createTokenVerifier({} as never), 'INVALID_OPTION'],
    [
      'a negative tolerance',
      () => createTokenVerifier({ publicKey: keys.publicKeyPem }, { clockToleranceSeconds: -1 }),
      'INVALID_OPTION',
    ],
    [
      'an empty issuer',
      () => createTokenVerifier({ publicKey: keys.publicKeyPem }, { issuer: '' }),
      'INVALID_OPTION',
    ],
    [
      'an RSA key',
      () => createTokenVerifier({ publicKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey }),
      'INVALID_KEY',
    ],
    ['text that is not a key', () => createTokenVerifier({ publicKey: 'not a key' }), 'INVALID_KEY'],
  ])('refuses a configuration with %s', (_, create, code) => {
    expect(create).toThrow(expect.objectContaining({ code }));
  });
});
