import { CliError } from '../CliError.js';
import { binarySource, type BinarySource } from '../agent/BinarySource.js';
import type { ReplaceDeps } from '../agent/ReplaceDeps.js';
import type { NodeWatcher } from '../agent/NodeWatcher.js';
import { connectSsh } from '../ssh/connectSsh.js';
import type { CommandContext } from './context.js';

/** The options `mcp agent upgrade` and `rollback` share. */
export interface AgentOptions {
  dryRun: boolean;
  /** Prebuilt binaries (`manifest.json` + files); default the workspace's build. */
  binaries: string | undefined;
  /** SSH private key file; default ssh-agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa. */
  identity: string | undefined;
  /** Seconds a restarted agent has to register and heartbeat. */
  verifyTimeout: number;
  /** Seconds it must then stay healthy. */
  soak: number;
}

/** Reads the shared options from yargs' arguments. @throws CliError (exit 2) for bad numbers. */
export function agentOptions(a: Record<string, unknown>): AgentOptions {
  const seconds = (name: string, value: unknown, min: number) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
      throw new CliError(`--${name} must be a number of seconds ≥ ${min}, got ${String(value)}`, 2);
    return value;
  };
  return {
    dryRun: a.dryRun === true,
    binaries: a.binaries as string | undefined,
    identity: a.identity as string | undefined,
    verifyTimeout: seconds('verify-timeout', a.verifyTimeout, 1),
    soak: seconds('soak', a.soak, 0),
  };
}

/** Agent commands verify through the master's registry: refuse `--direct`. */
export function requireMaster(ctx: CommandContext, command: string): void {
  if (ctx.direct)
    throw new CliError(`${command} works through the master (it verifies there); drop --direct`, 2);
}

/** SSH and verification wiring for `replaceAgent`. */
export function replaceDeps(ctx: CommandContext, o: AgentOptions, watcher: NodeWatcher): ReplaceDeps {
  return {
    connect: (t) => connectSsh({ node: t.name, target: t.ssh, hostKey: t.hostKey, identity: o.identity }),
    watcher,
    commandTimeoutMs: ctx.timeoutMs,
    verifyTimeoutMs: o.verifyTimeout * 1000,
    soakMs: o.soak * 1000,
  };
}

/** The binaries `--binaries` names, or the workspace's. */
export function sourceOf(o: Pick<AgentOptions, 'binaries'>): BinarySource {
  return binarySource(o.binaries);
}
