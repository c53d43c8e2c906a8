export { openDatabase, transaction, type OpenDatabaseOptions } from './openDatabase.js';
export { KeyedLock } from './KeyedLock.js';
export { errorBoundary } from './errorBoundary.js';
