import { describe, expect, it } from '@jest/globals';
import { ClientError, Status } from 'nice-grpc';
import { CliError } from './CliError.js';
import { fromCallError } from './callErrors.js';

const peer = (connected: boolean) => ({
  name: 'rift',
  target: 'rift (100.64.0.1:9444)',
  connected: () => connected,
});
const abort = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });

describe('fromCallError', () => {
  it.each<[string, unknown, boolean, string, number]>([
    [
      'refused',
      new ClientError(
        '/x',
        Status.UNAVAILABLE,
        'No connection established. Last error: Error: connect ECONNREFUSED 100.64.0.1:9444. Resolution note: ',
      ),
      false,
      'cannot reach rift (100.64.0.1:9444): connect ECONNREFUSED 100.64.0.1:9444',
      1,
    ],
    [
      'name resolution',
      new ClientError('/x', Status.UNAVAILABLE, 'Name resolution failed for target dns:x:1'),
      false,
      'cannot reach rift (100.64.0.1:9444): Name resolution failed for target dns:x:1',
      1,
    ],
    [
      'timeout, never connected',
      abort,
      false,
      'cannot reach rift (100.64.0.1:9444): no connection within 2.5s',
      1,
    ],
    [
      'timeout, connected',
      abort,
      true,
      'rift (100.64.0.1:9444) did not answer within 2.5s (raise --timeout for a slow operation)',
      1,
    ],
    [
      'not deployed',
      new ClientError('/x', Status.NOT_FOUND, 'service x is not deployed on rift'),
      true,
      'rift: service x is not deployed on rift',
      2,
    ],
    [
      'bad field',
      new ClientError('/x', Status.INVALID_ARGUMENT, 'name: must be a DNS label'),
      true,
      'rift: name: must be a DNS label',
      2,
    ],
    [
      'bad token',
      new ClientError('/x', Status.UNAUTHENTICATED, 'token expired'),
      true,
      'rift: token expired',
      2,
    ],
    ['internal', new ClientError('/x', Status.INTERNAL, 'podman is gone'), true, 'rift: podman is gone', 1],
    ['anything else', new Error('boom'), true, 'boom', 1],
  ])('%s', (_, error, connected, message, exitCode) => {
    expect(fromCallError(error, peer(connected), 2500)).toMatchObject({ message, exitCode });
  });

  it('passes a CliError through', () => {
    const error = new CliError('unknown node', 2);
    expect(fromCallError(error, peer(false), 1000)).toBe(error);
  });
});
