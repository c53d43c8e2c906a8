import { describe, expect, it } from '@jest/globals';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createTokenVerifier, type TokenKeySource } from './createTokenVerifier.js';
import { generateSigningKeyPair } from './generateSigningKeyPair.js';
import { mintToken } from './mintToken.js';
import { claims, signClaims } from './testing/forgeToken.js';

/** The receiver these tests' tokens are made for. */
const AUDIENCE = 'test-receiver';

const keys = generateSigningKeyPair();
const privateKey = createPrivateKey(keys.privateKeyPem);
const NOW = 1_800_000_000_000;
const master = (extra: { ttl?: number; now?: number; issuer?: string; audience?: string } = {}) =>
  mintToken(keys.privateKeyPem, {
    audience: AUDIENCE,
    sub: 'mcp-master',
    kind: 'master',
    ttl: 60,
    now: NOW,
    ...extra,
  });
const at = (ms: number) => () => ms;

describe('createTokenVerifier', () => {
  it.each<[string, TokenKeySource]>([
    ['PEM text', { publicKey: keys.publicKeyPem }],
    ['PEM bytes', { publicKey: Buffer.from(keys.publicKeyPem) }],
    ['a public KeyObject', { publicKey: createPublicKey(keys.publicKeyPem) }],
    ['a private KeyObject (its public half)', { publicKey: privateKey }],
  ])('verifies with a public key given as %s', async (_, source) => {
    const verifier = createTokenVerifier(source, { audience: AUDIENCE, now: at(NOW) });
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
      { audience: AUDIENCE, now: at(now), clockToleranceSeconds },
    );
    const verdict = verifier.verify(await master());
    if (code === undefined) await expect(verdict).resolves.toEqual({ sub: 'mcp-master', kind: 'master' });
    else await expect(verdict).rejects.toMatchObject({ code });
  });

  it('checks the configured issuer', async () => {
    const verifier = createTokenVerifier(
      { publicKey: keys.publicKeyPem },
      { audience: AUDIENCE, issuer: 'fleet', now: at(NOW) },
    );
    await expect(verifier.verify(await master({ issuer: 'fleet' }))).resolves.toMatchObject({
      kind: 'master',
    });
    await expect(verifier.verify(await master())).rejects.toMatchObject({ code: 'WRONG_ISSUER' });
  });

  it('accepts a token made for this receiver only', async () => {
    const rift = createTokenVerifier(
      { publicKey: keys.publicKeyPem },
      { audience: 'agent-rift', now: at(NOW) },
    );
    const forRift = await master({ audience: 'agent-rift' });
    await expect(rift.verify(forRift)).resolves.toEqual({ sub: 'mcp-master', kind: 'master' });
    const orion = createTokenVerifier(
      { publicKey: keys.publicKeyPem },
      { audience: 'agent-orion', now: at(NOW) },
    );
    await expect(orion.verify(forRift)).rejects.toMatchObject({
      code: 'WRONG_AUDIENCE',
      message: expect.stringContaining('not meant for agent-orion'),
    });
    const masterVerifier = createTokenVerifier(
      { publicKey: keys.publicKeyPem },
      { audience: 'mcp-master', now: at(NOW) },
    );
    await expect(masterVerifier.verify(forRift)).rejects.toMatchObject({ code: 'WRONG_AUDIENCE' });
  });

  it.each([
    ['sub', { sub: undefined }, 'INVALID_CLAIMS'],
    ['iat', { iat: undefined }, 'INVALID_CLAIMS'],
    ['exp', { exp: undefined }, 'INVALID_CLAIMS'],
    ['iss', { iss: undefined }, 'WRONG_ISSUER'],
    ['aud', { aud: undefined }, 'WRONG_AUDIENCE'],
    ['jti (empty)', { jti: '' }, 'MALFORMED_TOKEN'],
    ['kind', { kind: undefined }, 'INCONSISTENT_IDENTITY'],
  ])('refuses a token without %s', async (_, extra, code) => {
    const verifier = createTokenVerifier({ publicKey: keys.publicKeyPem }, { audience: AUDIENCE });
    const token = await signClaims(privateKey, claims('mcp-master', 'master', extra));
    await expect(verifier.verify(token)).rejects.toMatchObject({ code });
  });

  it('refuses an oversized token before parsing it', async () => {
    const verifier = createTokenVerifier({ publicKey: keys.publicKeyPem }, { audience: AUDIENCE });
    await expect(verifier.verify('a'.repeat(5000))).rejects.toMatchObject({ code: 'MALFORMED_TOKEN' });
  });

  it.each<[string, () => unknown, string]>([
    [
      'both key sources',
      () =>
        createTokenVerifier({ publicKey: keys.publicKeyPem, jwksUrl: 'https://x' } as never, {
          audience: AUDIENCE,
        }),
      'INVALID_OPTION',
    ],
    ['no key source', () => createTokenVerifier({} as never, { audience: AUDIENCE }), 'INVALID_OPTION'],
    [
      'no audience',
      () => createTokenVerifier({ publicKey: keys.publicKeyPem }, { audience: '' }),
      'INVALID_OPTION',
    ],
    [
      'a negative tolerance',
      () =>
        createTokenVerifier(
          { publicKey: keys.publicKeyPem },
          { audience: AUDIENCE, clockToleranceSeconds: -1 },
        ),
      'INVALID_OPTION',
    ],
    [
      'an empty issuer',
      () => createTokenVerifier({ publicKey: keys.publicKeyPem }, { audience: AUDIENCE, issuer: '' }),
      'INVALID_OPTION',
    ],
    [
      'an RSA key',
      () =>
        createTokenVerifier(
          { publicKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey },
          { audience: AUDIENCE },
        ),
      'INVALID_KEY',
    ],
    [
      'text that is not a key',
      () => createTokenVerifier({ publicKey: 'not a key' }, { audience: AUDIENCE }),
      'INVALID_KEY',
    ],
  ])('refuses a configuration with %s', (_, create, code) => {
    expect(create).toThrow(expect.objectContaining({ code }));
  });
});
