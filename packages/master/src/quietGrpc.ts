// grpc-js writes its own errors to stderr (a failed bind as "No address added
// out of total 1 resolved"), beside the daemon's log and in other words. The
// daemon reports every failure itself, so grpc-js is told to be quiet unless
// the operator asks for its log. It reads the setting once, when it loads:
// main.ts imports this module first.
process.env.GRPC_VERBOSITY ??= 'NONE';
export {};
