import type { AgentConfig } from './AgentConfig.js';
import { homeOf, type ConfigOptions, type LoadConfigOptions } from './configCommon.js';
import { parseDocument } from './parseDocument.js';
import { readAgentConfig } from './readAgentConfig.js';
import { readSource } from './readSource.js';

/**
 * Parses `mcp-agent.toml`. Pure apart from the `os.homedir()` default of
 * `options.home`.
 *
 * @throws SpecError `SYNTAX`, or `INVALID` listing every problem with its line.
 */
export function parseAgentConfig(source: string, options: ConfigOptions = {}): AgentConfig {
  return parseDocument(source, options.file, (root) => readAgentConfig(root, homeOf(options)));
}

/**
 * Reads and parses the agent config file at `path`; errors name `path`.
 *
 * @throws SpecError `READ_FAILED`, `SYNTAX` or `INVALID`.
 */
export async function loadAgentConfig(path: string, options: LoadConfigOptions = {}): Promise<AgentConfig> {
  return parseAgentConfig(await readSource(path), { ...options, file: path });
}
