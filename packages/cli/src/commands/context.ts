import type { CliConfig } from '@mcp/spec';
import type { Output, Writer } from '../io.js';

/** What every command gets. */
export interface CommandContext {
  config: CliConfig;
  out: Output;
  /** Talk to this node's agent instead of the master. */
  direct: string | undefined;
  /** Deadline for one call, ms. */
  timeoutMs: number;
  /** Where a live step display draws (stdout), and whether it is a terminal. */
  terminal: { out: Writer; live: boolean };
}
