import { describe, expect, it } from '@jest/globals';
import { createTokenVerifier, type TokenVerifierOptions } from './createTokenVerifier.js';
import { generateSigningKeyPair } from './generateSigningKeyPair.js';
import { mintToken } from './mintToken.js';
import type { Identity } from './types.js';

/** The receiver these tests' tokens are made for. */
const AUDIENCE = 'test-receiver';

// A remembered token comes back as the very identity object its check made;
// a fresh check makes a new one. That tells a cache hit from a miss here.

const keys = generateSigningKeyPair();
const NOW = 1_800_000_000_000;
const agent = (node: string, extra: { ttl?: number; now?: number } = {}) =>
  mintToken(keys.privateKeyPem, {
    audience: AUDIENCE,
    sub: `agent-${node}`,
    kind: 'agent',
    ttl: 60,
    now: NOW,
    ...extra,
  });

/** A verifier on a clock the test moves. */
function verifierAt(start: number, options: Omit<TokenVerifierOptions, 'now' | 'audience'> = {}) {
  const clock = { now: start };
  const verifier = createTokenVerifier(
    { publicKey: keys.publicKeyPem },
    { audience: AUDIENCE, ...options, now: () => clock.now },
  );
  return { verifier, clock };
}

/** What a verification came to, comparable across verifiers. */
const outcome = (p: Promise<Identity>): Promise<string> =>
  p.then(
    (id) => `ok ${id.sub} ${id.kind}`,
    (error: { code?: string }) => `refused ${error.code}`,
  );

describe('createTokenVerifier: the cache of verified tokens', () => {
  it('checks a token once and then answers from memory, with a frozen identity', async () => {
    const { verifier } = verifierAt(NOW);
    const token = await agent('orion');
    const first = await verifier.verify(token);
    expect(first).toEqual({ sub: 'agent-orion', kind: 'agent' });
    expect(Object.isFrozen(first)).toBe(true);
    await expect(verifier.verify(token)).resolves.toBe(first);
  });

  it('checks every time with cacheSize 0', async () => {
    const { verifier } = verifierAt(NOW, { cacheSize: 0 });
    const token = await agent('orion');
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
  });

  it('judges expiry exactly as a fresh check does, clock tolerance included', async () => {
    // exp = NOW / 1000 + 60; with the default 5 s tolerance, refused from NOW + 65 s on.
    const token = await agent('orion');
    for (const later of [0, 59_999, 60_000, 64_999, 65_000, 66_000, 3_600_000]) {
      const cached = verifierAt(NOW);
      await cached.verifier.verify(token);
      cached.clock.now = NOW + later;
      const fresh = verifierAt(NOW + later, { cacheSize: 0 });
      expect([later, await outcome(cached.verifier.verify(token))]).toEqual([
        later,
        await outcome(fresh.verifier.verify(token)),
      ]);
    }
    const { verifier, clock } = verifierAt(NOW);
    await verifier.verify(token);
    clock.now = NOW + 64_999;
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'agent-orion' });
    clock.now = NOW + 65_000;
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('honours a custom clock tolerance, including none', async () => {
    const token = await agent('orion');
    const { verifier, clock } = verifierAt(NOW, { clockToleranceSeconds: 0 });
    await verifier.verify(token);
    clock.now = NOW + 59_999;
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'agent-orion' });
    clock.now = NOW + 60_000;
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('checks a token again after cacheMaxAgeSeconds', async () => {
    const { verifier, clock } = verifierAt(NOW, { cacheMaxAgeSeconds: 10 });
    const token = await agent('orion', { ttl: 3600 });
    const first = await verifier.verify(token);
    clock.now = NOW + 9_999;
    await expect(verifier.verify(token)).resolves.toBe(first);
    clock.now = NOW + 10_000;
    const again = await verifier.verify(token);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    // ... and remembers the new check from then on.
    clock.now = NOW + 19_999;
    await expect(verifier.verify(token)).resolves.toBe(again);
  });

  it('checks again when the clock has gone back past the first check', async () => {
    const { verifier, clock } = verifierAt(NOW);
    const token = await agent('orion');
    const first = await verifier.verify(token);
    clock.now = NOW - 1;
    const again = await verifier.verify(token);
    expect(again).not.toBe(first);
    // Far enough back, the fresh check refuses a token from the future.
    clock.now = NOW - 60_000;
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'INVALID_CLAIMS' });
  });

  it('never remembers a refusal: a token refused once passes when it becomes valid', async () => {
    const { verifier, clock } = verifierAt(NOW - 60_000);
    const token = await agent('orion');
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'INVALID_CLAIMS' });
    clock.now = NOW;
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'agent-orion', kind: 'agent' });
  });

  it('does not let a tampered copy of a remembered token through', async () => {
    const { verifier } = verifierAt(NOW);
    const token = await agent('orion');
    await verifier.verify(token);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    // A character in the middle: the last one of 86 also carries padding bits.
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    await expect(verifier.verify(`${header}.${payload}.${flipped}`)).rejects.toMatchObject({
      code: 'BAD_SIGNATURE',
    });
    const other = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'agent-evil' }),
    ).toString('base64url');
    await expect(verifier.verify(`${header}.${other}.${signature}`)).rejects.toMatchObject({
      code: 'BAD_SIGNATURE',
    });
  });

  it('holds at most cacheSize tokens, dropping the least recently used', async () => {
    const { verifier } = verifierAt(NOW, { cacheSize: 2 });
    const [a, b, c] = await Promise.all([agent('a'), agent('b'), agent('c')]);
    const idA = await verifier.verify(a);
    const idB = await verifier.verify(b);
    await expect(verifier.verify(a)).resolves.toBe(idA); // a is now the most recently used
    const idC = await verifier.verify(c); // evicts b
    await expect(verifier.verify(a)).resolves.toBe(idA);
    await expect(verifier.verify(c)).resolves.toBe(idC);
    const idB2 = await verifier.verify(b); // checked again; evicts a
    expect(idB2).not.toBe(idB);
    expect(idB2).toEqual(idB);
    const idA2 = await verifier.verify(a);
    expect(idA2).not.toBe(idA);
  });

  it.each<[string, Omit<TokenVerifierOptions, 'audience'>]>([
    ['a negative cacheSize', { cacheSize: -1 }],
    ['a fractional cacheSize', { cacheSize: 1.5 }],
    ['a NaN cacheSize', { cacheSize: Number.NaN }],
    ['a zero cacheMaxAgeSeconds', { cacheMaxAgeSeconds: 0 }],
    ['a negative cacheMaxAgeSeconds', { cacheMaxAgeSeconds: -5 }],
    ['an infinite cacheMaxAgeSeconds', { cacheMaxAgeSeconds: Number.POSITIVE_INFINITY }],
  ])('refuses %s', (_, options) => {
    expect(() =>
      createTokenVerifier({ publicKey: keys.publicKeyPem }, { audience: AUDIENCE, ...options }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});
