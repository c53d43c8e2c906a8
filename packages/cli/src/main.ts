#!/usr/bin/env node
import { ignoreIpServerNameWarning } from '@mcp/auth';
import { runCli } from './runCli.js';

ignoreIpServerNameWarning('mcp');

const code = await runCli(process.argv.slice(2));
// Exit now rather than when the event loop drains: a connection attempt that
// timed out keeps a socket open for grpc-js's own connect timeout (20 s).
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
