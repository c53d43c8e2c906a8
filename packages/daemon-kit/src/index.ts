export { openDatabase, transaction, type OpenDatabaseOptions } from './openDatabase.js';
export { statementCache } from './statementCache.js';
export { KeyedLock } from './KeyedLock.js';
export {
  errorBoundary,
  mapErrors,
  type BoundaryLogger,
  type CodeStatus,
  type ErrorBoundaryOptions,
  type ErrorMapping,
} from './errorBoundary.js';
export { exitOnStartFailure, type FatalLogger } from './exitOnStartFailure.js';
export { listenFailure } from './listenFailure.js';
