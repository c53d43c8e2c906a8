import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parseAgentConfig } from './parseAgentConfig.js';
import { parseCliConfig } from './parseCliConfig.js';
import { parseMasterConfig } from './parseMasterConfig.js';
import { parseServiceSpec } from './parseServiceSpec.js';

// The README is what operators read: every TOML example in it must parse.
// An example starts with a comment naming its file (and maybe saying more).
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const examples = [...readme.matchAll(/```toml\n# ([^\s,]+)[^\n]*\n([\s\S]*?)```/g)].map(
  ([, file, body]) => [file!, body!] as const,
);

const parsers: Record<string, (source: string, file: string) => unknown> = {
  'mcp-agent.toml': (source, file) => parseAgentConfig(source, { file, home: '/home/op' }),
  'mcp-master.toml': (source, file) => parseMasterConfig(source, { file, home: '/home/op' }),
  'mcp.toml': (source, file) => parseCliConfig(source, { file, home: '/home/op' }),
};

describe('README examples', () => {
  it('has the examples it promises', () => {
    expect(examples.map(([file]) => file)).toEqual([
      'hello.toml',
      'wiki.toml',
      'mcp-agent.toml',
      'mcp-master.toml',
      'mcp.toml',
    ]);
  });

  it.each(examples)('%s parses', (file, body) => {
    const parse =
      parsers[file] ??
      ((source: string) => parseServiceSpec(source, { file, expectedName: file.replace(/\.toml$/, '') }));
    expect(parse(body, file)).toBeDefined();
  });

  it('describes the wiki example truthfully', () => {
    const wiki = parseServiceSpec(examples[1]![1]);
    expect(wiki.components[0]!.routes.map((route) => [route.name, route.mode, route.public])).toEqual([
      ['http', 'l7', true],
      ['admin-api', 'l7', false],
      ['git', 'l4', false],
    ]);
    expect(wiki.components[1]!.env).toEqual({ POSTGRES_PASSWORD_FILE: '/run/secrets/pg' });
  });
});
