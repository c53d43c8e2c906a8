import { randomBytes } from 'node:crypto';
import {
  ServerError,
  Status,
  type CallContext,
  type ServerMiddleware,
  type ServerMiddlewareCall,
} from 'nice-grpc-common';

/**
 * What one error code means for a caller: a gRPC status (the error's message
 * goes to the caller as it is), or `'fault'`: a fault of this daemon (its
 * configuration, its state, a bug) that the caller can do nothing about,
 * answered `INTERNAL` with an error id while the details go to the log.
 */
export type CodeStatus = Status | 'fault';

/** How the errors of one library reach callers. */
export interface ErrorMapping {
  /** The status for `error`, or `undefined` if this mapping does not know it. */
  statusOf(error: unknown): CodeStatus | undefined;
}

/**
 * A mapping for one error class: every code of its `code` union must be in
 * `table` (a `Record`, not a `Partial`), so a library that adds a code does
 * not compile until each daemon says what the code means for its callers.
 */
export function mapErrors<C extends string>(
  errorClass: abstract new (...args: never[]) => Error & { readonly code: C },
  table: Record<C, CodeStatus>,
): ErrorMapping {
  return {
    statusOf: (error) => (error instanceof errorClass ? table[error.code] : undefined),
  };
}

/** Where unexpected errors are logged (pino's shape). */
export interface BoundaryLogger {
  error(fields: Record<string, unknown>, message: string): void;
}

/** Options of `errorBoundary`. */
export interface ErrorBoundaryOptions {
  /** The daemon's name for messages, e.g. `mcp-master`. */
  readonly daemon: string;
  /** One per library whose errors may leave a handler. */
  readonly mappings: readonly ErrorMapping[];
  readonly logger: BoundaryLogger;
  /** Makes error ids. Default 8 random hex digits. */
  readonly errorId?: () => string;
}

/**
 * The one place a daemon's errors become gRPC statuses: nice-grpc server
 * middleware for unary and streaming calls alike, registered once per
 * server, outermost. A `ServerError` passes as thrown; a mapped error gets
 * its status and keeps its message; anything else (and every `'fault'`) is
 * `INTERNAL` with a generic message and an error id, and the details are
 * logged under that id, never sent to the caller.
 */
export function errorBoundary(options: ErrorBoundaryOptions): ServerMiddleware {
  const { daemon, mappings, logger, errorId = () => randomBytes(4).toString('hex') } = options;
  const toServerError = (error: unknown, method: string): ServerError => {
    if (error instanceof ServerError) return error;
    let status: CodeStatus | undefined;
    for (const mapping of mappings) {
      status = mapping.statusOf(error);
      if (status !== undefined) break;
    }
    if (status !== undefined && status !== 'fault') {
      return new ServerError(status, error instanceof Error ? error.message : String(error));
    }
    const id = errorId();
    logger.error(
      {
        errorId: id,
        method,
        err: error instanceof Error ? { message: error.message, stack: error.stack } : error,
      },
      status === 'fault' ? 'call failed on a fault of this daemon' : 'call failed unexpectedly',
    );
    return new ServerError(
      Status.INTERNAL,
      `${daemon} could not complete ${method} (error id ${id}); the details are in its log`,
    );
  };
  return async function* boundary<Request, Response>(
    call: ServerMiddlewareCall<Request, Response>,
    context: CallContext,
  ): AsyncGenerator<Response, Response | void, undefined> {
    try {
      return yield* call.next(call.request, context);
    } catch (error) {
      // A call the client gave up on: nobody is listening for a status.
      if (context.signal.aborted) throw error;
      throw toServerError(error, call.method.path);
    }
  };
}
