import { homeOf, type ConfigOptions, type LoadConfigOptions } from './configCommon.js';
import type { MasterConfig } from './MasterConfig.js';
import { parseDocument } from './parseDocument.js';
import { readMasterConfig } from './readMasterConfig.js';
import { readSource } from './readSource.js';

/** Parses `mcp-master.toml`; see `parseAgentConfig`. */
export function parseMasterConfig(source: string, options: ConfigOptions = {}): MasterConfig {
  return parseDocument(source, options.file, (root) => readMasterConfig(root, homeOf(options)));
}

/** Reads and parses the master config file at `path`; see `loadAgentConfig`. */
export async function loadMasterConfig(path: string, options: LoadConfigOptions = {}): Promise<MasterConfig> {
  return parseMasterConfig(await readSource(path), { ...options, file: path });
}
