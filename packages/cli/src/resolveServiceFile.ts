import { join, resolve } from 'node:path';
import { isDnsLabel } from '@mcp/spec';
import { CliError } from './CliError.js';

/**
 * `hello` → `<servicesDir>/hello.toml`; anything with a slash or a `.toml`
 * ending is taken as a path.
 */
export function resolveServiceFile(arg: string, servicesDir: string): string {
  if (arg.includes('/') || arg.endsWith('.toml')) return resolve(arg);
  if (!isDnsLabel(arg)) {
    throw new CliError(`"${arg}" is neither a service name (a DNS label) nor a path to a .toml file`, 2);
  }
  return join(servicesDir, `${arg}.toml`);
}
