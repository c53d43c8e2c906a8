#!/usr/bin/env node
import { runCli } from './runCli.js';

// grpc-js sets the TLS server name to the target host even when that is an IP
// address (agents listen on Tailnet addresses), and Node warns about it
// (DEP0123) on every run. Other warnings still reach stderr.
process.removeAllListeners('warning');
process.on('warning', (warning: Error & { code?: string }) => {
  if (warning.code !== 'DEP0123') process.stderr.write(`mcp: warning: ${warning.message}\n`);
});

const code = await runCli(process.argv.slice(2));
// Exit now rather than when the event loop drains: a connection attempt that
// timed out keeps a socket open for grpc-js's own connect timeout (20 s).
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
