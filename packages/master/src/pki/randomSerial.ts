import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { PkiError } from './PkiError.js';

/** A source of `size` random bytes. */
export type RandomBytes = (size: number) => Uint8Array;

/**
 * A random 128-bit certificate serial number as 32 hex digits. The top bit
 * is set so every serial has the same length and is never zero; DER then
 * encodes it as a positive 17-octet INTEGER (RFC 5280 allows 20), with 127
 * bits of randomness (the CA/Browser Forum asks for 64).
 *
 * @throws PkiError `INVALID_OPTION` if `serialRandom` does not return 16 bytes.
 */
export function randomSerial(serialRandom: RandomBytes = nodeRandomBytes): string {
  const bytes = Uint8Array.from(serialRandom(16));
  if (bytes.length !== 16) {
    throw new PkiError('INVALID_OPTION', `serialRandom(16) returned ${bytes.length} bytes`);
  }
  bytes[0] = bytes[0]! | 0x80;
  return Buffer.from(bytes).toString('hex');
}
