#!/usr/bin/env -S node --max-semi-space-size=2 --max-old-space-size=128
// mcp-master: `mcp-master init --dir <dir> ...` creates a fleet's keys and
// tokens; `mcp-master run [--config <file>]` runs the master.
import './quietGrpc.js';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ignoreIpServerNameWarning } from '@mcp/auth';
import { exitOnStartFailure } from '@mcp/daemon-kit';
import { loadMasterConfig, type MasterConfig } from '@mcp/spec';
import { pino } from 'pino';
import { createDnsProvider } from './dns/createDnsProvider.js';
import { runInit } from './init/runInit.js';
import { startMaster } from './startMaster.js';

ignoreIpServerNameWarning('mcp-master');

const USAGE = `usage: mcp-master <command>

  init --dir <dir> [...]          create the fleet CA, signing key, TLS certificate and tokens
  run [--config <file>]           run the master (default /srv/mcp/mcp-master.toml)

Examples:
  mcp-master init --dir /srv/mcp/fleet --node rift --zone metacircular.net --address 100.64.0.1 \
    --agent rift=100.64.0.1 --agent orion=100.64.0.2 --operator kyle
  mcp-master run --config /srv/mcp/mcp-master.toml

mcp-master init --help lists every init option.
`;

const [command, ...rest] = process.argv.slice(2);
if (command === 'init') {
  process.exitCode = await runInit(rest);
} else if (command === 'run') {
  await run(rest);
} else {
  (command === '--help' || command === '-h' ? process.stdout : process.stderr).write(USAGE);
  process.exitCode = command === '--help' || command === '-h' ? 0 : 2;
}

async function run(argv: string[]): Promise<void> {
  let configs: string[];
  try {
    configs =
      parseArgs({
        args: argv,
        options: { config: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
      }).values.config ?? [];
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    if (configs.length > 1) {
      throw new Error(`--config was given ${configs.length} times (${configs.join(', ')}); give it once`);
    }
  } catch (error) {
    process.stderr.write(`mcp-master run: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const values = { config: configs[0] ?? '/srv/mcp/mcp-master.toml' };
  const logger = pino({ name: 'mcp-master' }, pino.destination(2));
  let config: MasterConfig;
  try {
    config = await loadMasterConfig(values.config);
  } catch (error) {
    exitOnStartFailure('mcp-master', logger, error, 2);
  }
  try {
    const read = (path: string) => readFile(path, 'utf8');
    const master = await startMaster({
      config,
      pem: {
        tlsCert: await read(config.server.tlsCert),
        tlsKey: await read(config.server.tlsKey),
        caCert: await read(config.ca.cert),
        caKey: await read(config.ca.key),
        signingKey: await read(config.auth.signingKey),
        publicKey: await read(config.auth.publicKey),
      },
      dns: createDnsProvider(config.dns, { zone: config.zone, logger }),
      logger,
    });
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      void master.stop().then(() => process.exit(0));
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
  } catch (error) {
    exitOnStartFailure('mcp-master', logger, error, 1);
  }
}
