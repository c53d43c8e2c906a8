import { ClientError, Status } from 'nice-grpc';

/**
 * An agent call's failure in words for people: the status in plain words
 * and the peer's message, without grpc-js's internal fragments
 * ("Resolution note: ..." and the like).
 */
export function describeCallError(error: unknown): string {
  if (!(error instanceof ClientError)) return error instanceof Error ? error.message : String(error);
  const details = error.details.replace(/\s*Resolution note:.*$/s, '').trim();
  if (error.code === Status.DEADLINE_EXCEEDED) return 'no answer in time';
  if (error.code === Status.UNAVAILABLE) return `unreachable${details ? ` (${details})` : ''}`;
  return details || Status[error.code];
}
