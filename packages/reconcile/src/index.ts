// Desired state against actual state, as pure functions the daemons call:
// no I/O, no clock; what they need comes in as data.
export { findNameClash, type NameClash } from './findNameClash.js';
