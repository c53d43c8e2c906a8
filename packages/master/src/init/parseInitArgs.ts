import { parseArgs } from 'node:util';
import { InitError } from './InitError.js';
import type { InitFleetOptions } from './resolveInitOptions.js';

/** A parsed `mcp-master init` command line: a request for help, or what to create. */
export type InitCommand =
  | { readonly help: true }
  | { readonly help: false; readonly json: boolean; readonly options: InitFleetOptions };

/**
 * Parses the arguments of `mcp-master init` (those after `init`). Checks
 * only the shape of the command line; `initFleet` checks the values.
 *
 * @throws InitError `USAGE` for an unknown or missing option or a malformed value.
 */
export function parseInitArgs(argv: readonly string[]): InitCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        dir: { type: 'string' },
        node: { type: 'string' },
        zone: { type: 'string' },
        address: { type: 'string', multiple: true },
        agent: { type: 'string', multiple: true },
        operator: { type: 'string', multiple: true },
        'token-ttl': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new InitError('USAGE', error instanceof Error ? error.message : String(error), { cause: error });
  }
  if (values.help) return { help: true };
  if (values.dir === undefined) throw new InitError('USAGE', 'missing --dir <dir>');
  if (values.node === undefined) throw new InitError('USAGE', 'missing --node <master node>');
  if (values.zone === undefined) throw new InitError('USAGE', "missing --zone <zone> (the master's zone)");
  if (values.address === undefined) throw new InitError('USAGE', 'missing --address <addr> (of the master)');
  const agents: string[] = [];
  const agentAddresses: Record<string, string[]> = {};
  for (const spec of values.agent ?? []) {
    const [node = '', list] = splitOnce(spec, '=');
    agents.push(node);
    if (list === undefined) continue;
    const addresses = list.split(',').filter((address) => address !== '');
    if (addresses.length === 0) throw new InitError('USAGE', `--agent ${spec}: give addresses after "="`);
    (agentAddresses[node] ??= []).push(...addresses);
  }
  const ttl = values['token-ttl'];
  if (ttl !== undefined && !/^[1-9][0-9]*$/.test(ttl)) {
    throw new InitError('USAGE', `--token-ttl must be a whole number of days, got ${JSON.stringify(ttl)}`);
  }
  return {
    help: false,
    json: values.json,
    options: {
      dir: values.dir,
      masterNode: values.node,
      zone: values.zone,
      masterAddresses: values.address,
      agents,
      agentAddresses,
      ...(values.operator === undefined ? {} : { operators: values.operator }),
      ...(ttl === undefined ? {} : { tokenTtlDays: Number(ttl) }),
    },
  };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}
