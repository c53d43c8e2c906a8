import { join, resolve } from 'node:path';
import { isDnsLabel } from '@mcp/names';
import { CliError } from './CliError.js';

/**
 * `hello` → `<servicesDir>/hello.toml`; anything with a slash or a `.toml`
 * ending is taken as a path.
 */
export function resolveServiceFile(arg: string, servicesDir: string): string {
  if (arg.includes('/') || arg.endsWith('.toml')) return resolve(arg);
  const name: unknown = arg;
  if (!isDnsLabel(name)) {
    throw new CliError(`"${arg}" is neither a service name (a DNS label) nor a path to a .toml file`, 2);
  }
  return join(servicesDir, `${arg}.toml`);
}
