import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { Metadata, Status } from 'nice-grpc';
import { mintToken } from './mintToken.js';
import { startAuthFixture, outcome, collect, type AuthFixture } from './testing/authFixture.js';
import { claims, hs256WithPublicKey, signClaims, unsignedToken } from './testing/forgeToken.js';

/** The receiver these tests' tokens are made for. */
const AUDIENCE = 'test-receiver';

let f: AuthFixture;
beforeAll(async () => {
  f = await startAuthFixture();
});
afterAll(() => f.close());

const anotherKey = generateKeyPairSync('ed25519').privateKey;

describe('createAuthMiddleware: authentication', () => {
  it.each<[string, () => Promise<string> | string, RegExp]>([
    ['garbage', () => 'not-a-jwt', /not a well-formed JWT/],
    [
      'signed by another key',
      () => mintToken(anotherKey, { audience: AUDIENCE, sub: 'mcp-master', kind: 'master', ttl: 60 }),
      /signature/,
    ],
    [
      'expired',
      () =>
        mintToken(f.keys.privateKeyPem, {
          audience: AUDIENCE,
          sub: 'mcp-master',
          kind: 'master',
          ttl: 60,
          now: Date.now() - 3_600_000,
        }),
      /expired/,
    ],
    [
      'wrong issuer',
      () =>
        mintToken(f.keys.privateKeyPem, {
          audience: AUDIENCE,
          sub: 'mcp-master',
          kind: 'master',
          ttl: 60,
          issuer: 'evil',
        }),
      /issued by "mcp"/,
    ],
    ['alg none', () => unsignedToken(claims('mcp-master', 'master')), /EdDSA/],
    [
      'HS256 keyed with the public key',
      () => hs256WithPublicKey(f.keys.publicKeyPem, claims('mcp-master', 'master')),
      /EdDSA/,
    ],
    ['human posing as agent kind', () => signClaims(f.privateKey, claims('alice', 'agent')), /kind "agent"/],
    [
      'agent name with human kind',
      () => signClaims(f.privateKey, claims('agent-orion', 'human')),
      /kind "human"/,
    ],
    [
      'master name with agent kind',
      () => signClaims(f.privateKey, claims('mcp-master', 'agent')),
      /kind "agent"/,
    ],
    [
      'agent kind, name not a DNS label',
      () => signClaims(f.privateKey, claims('agent-Orion_1', 'agent')),
      /DNS label/,
    ],
    [
      'unknown kind',
      () => signClaims(f.privateKey, claims('mcp-master', 'root')),
      /one of human, agent, master/,
    ],
    [
      'missing jti',
      () => signClaims(f.privateKey, claims('mcp-master', 'master', { jti: undefined })),
      /jti/,
    ],
  ])('refuses a token that is %s with UNAUTHENTICATED, without echoing it', async (_, make, reason) => {
    const token = await make();
    const result = await outcome(f.clients(token).agent.status({}));
    expect(result.code).toBe(Status.UNAUTHENTICATED);
    expect(result.details).toMatch(reason);
    expect(result.details).not.toContain(token);
    expect(JSON.stringify(f.logs)).not.toContain(token);
  });

  it('refuses a call without authorization metadata', async () => {
    const result = await outcome(f.clients().agent.status({}));
    expect(result).toEqual({
      code: Status.UNAUTHENTICATED,
      details: expect.stringMatching(/no authorization metadata/),
    });
  });

  it.each([
    ['Basic dXNlcjpwYXNz', 'dXNlcjpwYXNz'],
    ['Bearer {"not":"b64"}', '{"not"'],
    ['Bearer secret1 secret2', 'secret1'],
    ['secret-without-scheme', 'secret'],
  ])('refuses malformed authorization metadata %j', async (header, secret) => {
    const result = await outcome(
      f.clients().agent.status({}, { metadata: Metadata({ authorization: header }) }),
    );
    expect(result.code).toBe(Status.UNAUTHENTICATED);
    expect(result.details).toMatch(/not "Bearer <token>"/);
    expect(result.details).not.toContain(secret);
  });

  it('refuses two authorization values', async () => {
    const token = await f.token('mcp-master', 'master');
    const metadata = Metadata({ authorization: [`Bearer ${token}`, `Bearer ${token}`] });
    const result = await outcome(f.clients().agent.status({}, { metadata }));
    // HTTP/2 joins repeated values with ", ", which is no longer one bearer token.
    expect(result.code).toBe(Status.UNAUTHENTICATED);
    expect(result.details).not.toContain(token);
  });

  it('guards server-streaming methods: no stream without a valid token', async () => {
    await expect(collect(f.clients().master.deploy({}))).rejects.toMatchObject({
      code: Status.UNAUTHENTICATED,
    });
    const human = f.clients(await f.token('alice', 'human'));
    await expect(collect(human.master.deploy({}))).resolves.toHaveLength(2);
  });

  it('puts the verified identity on the call context', async () => {
    const token = await f.token('mcp-master', 'master');
    f.server.seen.length = 0;
    await f.clients(token).agent.deploy({});
    expect(f.server.seen).toEqual([{ sub: 'mcp-master', kind: 'master' }]);
  });

  it('logs refusals with method and reason, never the token', async () => {
    f.logs.length = 0;
    const token = await mintToken(anotherKey, { audience: AUDIENCE, sub: 'alice', kind: 'human', ttl: 60 });
    await outcome(f.clients(token).master.status({}));
    expect(f.logs).toEqual([
      {
        message: 'call refused',
        fields: expect.objectContaining({ method: '/mcp.v1.MasterService/Status', code: 'BAD_SIGNATURE' }),
      },
    ]);
    expect(JSON.stringify(f.logs)).not.toContain(token);
  });

  it('answers the grpc.health.v1 paths without a token', async () => {
    const { health } = f.clients();
    await expect(health.check(new Uint8Array())).resolves.toEqual(Uint8Array.of(0x08, 0x01));
    await expect(collect(health.watch(new Uint8Array()))).resolves.toHaveLength(1);
  });
});
