import { randomInt } from 'node:crypto';

/**
 * Returns a random IPv4 address in 127.0.0.0/8 outside 127.0.0.0/16, e.g. '127.83.12.201'.
 * Linux answers on all of 127/8, so a test can bind well-known ports (80 for HTTP-01, 53 for
 * DNS) on its own address without colliding with tests running beside it.
 */
export function randomLoopbackAddress(): string {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}
