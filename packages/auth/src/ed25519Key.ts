import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { AuthError } from './AuthError.js';

/** An Ed25519 key as PEM text (SPKI for public, PKCS#8 for private) or a Node `KeyObject`. */
export type Ed25519KeyInput = string | Buffer | KeyObject;

function checkEd25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new AuthError(
      'INVALID_KEY',
      `the ${what} key must be Ed25519, got ${key.asymmetricKeyType ?? key.type}`,
    );
  }
  return key;
}

/**
 * The Ed25519 public key in `input`; a private key yields its public half.
 * @throws AuthError `INVALID_KEY` if `input` is not an Ed25519 key.
 */
export function toPublicKey(input: Ed25519KeyInput): KeyObject {
  if (input instanceof KeyObject) {
    return checkEd25519(input.type === 'private' ? createPublicKey(input) : input, 'public');
  }
  try {
    return checkEd25519(createPublicKey(input), 'public');
  } catch (error) {
    if (error instanceof AuthError) throw error;
    // Node's parse errors never quote the key, but keep ours uniform.
    throw new AuthError('INVALID_KEY', 'the public key is not a PEM (SPKI) key', { cause: error });
  }
}

/**
 * The Ed25519 private key in `input`.
 * @throws AuthError `INVALID_KEY` if `input` is not an Ed25519 private key.
 */
export function toPrivateKey(input: Ed25519KeyInput): KeyObject {
  if (input instanceof KeyObject) {
    if (input.type !== 'private')
      throw new AuthError('INVALID_KEY', 'a private key is needed to sign tokens');
    return checkEd25519(input, 'private');
  }
  try {
    return checkEd25519(createPrivateKey(input), 'private');
  } catch (error) {
    if (error instanceof AuthError) throw error;
    throw new AuthError('INVALID_KEY', 'the private key is not a PEM (PKCS#8) key', { cause: error });
  }
}
