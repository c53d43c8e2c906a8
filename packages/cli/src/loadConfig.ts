import { dirname } from 'node:path';
import { loadCliConfig, type CliConfig } from '@mcp/spec';
import { CliError } from './CliError.js';
import { isMissingFile } from './isMissingFile.js';

/**
 * Reads the CLI config. A missing file says where it was looked for and how
 * to write one; a bad one lists every problem as `file:line: field: reason`.
 *
 * @throws CliError (exit 2) for a missing, unreadable or invalid file.
 */
export async function loadConfig(path: string): Promise<CliConfig> {
  try {
    return await loadCliConfig(path);
  } catch (error) {
    if (isMissingFile(error)) {
      throw new CliError(
        `no config file ${path}; create one naming the master, for example ` +
          `mkdir -p ${dirname(path)} && printf '[master]\\naddress = "100.64.0.1:9443"\\n' > ${path} ` +
          '(every field is in the @mcp/cli README), or pass --config <file>',
        2,
        { cause: error },
      );
    }
    throw new CliError((error as Error).message, 2, { cause: error });
  }
}
