import { describe, expect, it } from '@jest/globals';
import { Status } from 'nice-grpc-common';
import { AuthError, type AuthErrorCode } from './AuthError.js';
import { toServerError } from './toServerError.js';

describe('toServerError', () => {
  it.each<[AuthErrorCode, Status]>([
    ['MISSING_TOKEN', Status.UNAUTHENTICATED],
    ['BAD_SIGNATURE', Status.UNAUTHENTICATED],
    ['INCONSISTENT_IDENTITY', Status.UNAUTHENTICATED],
    ['PERMISSION_DENIED', Status.PERMISSION_DENIED],
    ['KEY_UNAVAILABLE', Status.UNAVAILABLE],
  ])('maps %s to its status and keeps the message', (code, status) => {
    expect(toServerError(new AuthError(code, 'why'))).toMatchObject({ code: status, details: 'why' });
  });

  it.each<[AuthErrorCode]>([['INVALID_KEY'], ['INVALID_OPTION'], ['INSECURE_FILE'], ['INVALID_TOKEN_FILE']])(
    'hides the detail of a server-side fault %s behind INTERNAL',
    (code) => {
      expect(toServerError(new AuthError(code, '/etc/mcp/key.pem is bad'))).toMatchObject({
        code: Status.INTERNAL,
        details: 'authentication is misconfigured on the server',
      });
    },
  );
});
