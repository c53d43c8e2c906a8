import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK } from 'jose';
import { createTokenVerifier } from './createTokenVerifier.js';
import { generateSigningKeyPair } from './generateSigningKeyPair.js';
import { mintToken } from './mintToken.js';

/** The receiver these tests' tokens are made for. */
const AUDIENCE = 'test-receiver';

const keys = generateSigningKeyPair();
let server: Server;
let base: string;
beforeAll(async () => {
  const jwk = {
    ...(await exportJWK(createPublicKey(keys.publicKeyPem))),
    alg: 'EdDSA',
    use: 'sig',
    kid: 'k1',
  };
  server = createServer((request, response) => {
    if (request.url === '/jwks')
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    else response.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const alice = (key: string | ReturnType<typeof generateKeyPairSync>['privateKey'] = keys.privateKeyPem) =>
  mintToken(key, { audience: AUDIENCE, sub: 'alice', kind: 'human', ttl: 60 });

describe('createTokenVerifier with a JWKS URL', () => {
  it('verifies a token signed by a key in the set', async () => {
    await expect(
      createTokenVerifier({ jwksUrl: `${base}/jwks` }, { audience: AUDIENCE }).verify(await alice()),
    ).resolves.toEqual({
      sub: 'alice',
      kind: 'human',
    });
  });

  it('refuses a token no key in the set signed', async () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    await expect(
      createTokenVerifier({ jwksUrl: `${base}/jwks` }, { audience: AUDIENCE }).verify(await alice(other)),
    ).rejects.toMatchObject({
      code: 'BAD_SIGNATURE',
    });
  });

  it.each([
    ['answers 500', () => `${base}/broken`],
    ['is down', () => 'http://127.0.0.1:1/jwks'],
  ])('reports KEY_UNAVAILABLE when the JWKS server %s', async (_, url) => {
    await expect(
      createTokenVerifier({ jwksUrl: url() }, { audience: AUDIENCE }).verify(await alice()),
    ).rejects.toMatchObject({
      code: 'KEY_UNAVAILABLE',
    });
  });

  it.each([['http://keys.example.com/jwks'], ['ftp://127.0.0.1/jwks'], ['not a url']])(
    'refuses jwksUrl %s',
    (url) => {
      expect(() => createTokenVerifier({ jwksUrl: url }, { audience: AUDIENCE })).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTION' }),
      );
    },
  );

  it('accepts https anywhere and http on loopback', () => {
    for (const url of [
      'https://keys.example.com/jwks',
      'http://localhost:8080/jwks',
      new URL('http://[::1]/jwks'),
    ]) {
      expect(() => createTokenVerifier({ jwksUrl: url }, { audience: AUDIENCE })).not.toThrow();
    }
  });
});
