import type { CliConfig } from './CliConfig.js';
import { absolutePath, hostPort } from './commonFields.js';
import { homeOf, type ConfigOptions, type LoadConfigOptions } from './configCommon.js';
import { expandHome } from './expandHome.js';
import { parseDocument } from './parseDocument.js';
import { readNodes } from './readNodes.js';
import { readSource } from './readSource.js';

/** Parses the CLI's `mcp.toml`; see `parseAgentConfig`. An empty file gives all defaults. */
export function parseCliConfig(source: string, options: ConfigOptions = {}): CliConfig {
  const home = homeOf(options);
  const path = absolutePath(home);
  return parseDocument(source, options.file, (root) =>
    root.finish<CliConfig>({
      servicesDir: root.withDefault('services_dir', path, expandHome('~/.config/mcp/services', home)),
      tokenFile: root.withDefault('token_file', path, expandHome('~/.config/mcp/token', home)),
      directTokenDir: root.withDefault('direct_token_dir', path, expandHome('~/.config/mcp/direct', home)),
      caCert: root.withDefault('ca_cert', path, expandHome('~/.config/mcp/ca.pem', home)),
      master: root.has('master')
        ? root.section('master', (t) => t.finish({ address: t.required('address', hostPort) }))
        : undefined,
      nodes: readNodes(root, false) ?? [],
    }),
  );
}

/** Reads and parses the CLI config file at `path`; see `loadAgentConfig`. */
export async function loadCliConfig(path: string, options: LoadConfigOptions = {}): Promise<CliConfig> {
  return parseCliConfig(await readSource(path), { ...options, file: path });
}
