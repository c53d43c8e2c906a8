import { describe, expect, it } from '@jest/globals';
import { commandWord, usageError } from './usageError.js';

describe('commandWord', () => {
  it.each<[string[], string | undefined]>([
    [['deploy', 'hello'], 'deploy'],
    [['--direct', '-n', 'rift', 'ps'], 'ps'],
    [['--config', 'x.toml', '--timeout', '5', 'status'], 'status'],
    [['--config=x.toml', '--json', 'ps'], 'ps'],
    [['--', '-weird'], '-weird'],
    [['--json'], undefined],
  ])('%j → %s', (argv, word) => {
    expect(commandWord(argv)).toBe(word);
  });
});

describe('usageError', () => {
  it.each<[string, string[], string]>([
    ['Unknown argument: frob', ['frob'], 'unknown command "frob"; see mcp --help'],
    ['Did you mean deploy?', ['depoly', 'x'], 'unknown command "depoly"; did you mean deploy?'],
    ['Unknown argument: extra', ['ps', 'extra'], 'unknown argument: extra; see mcp ps --help'],
    [
      'Not enough non-option arguments: got 0, need at least 1',
      ['stop'],
      'stop needs a service; see mcp stop --help',
    ],
    [
      'Not enough non-option arguments: got 0, need at least 1',
      ['node'],
      'node needs a command (list); see mcp node --help',
    ],
    ['name a command', [], 'name a command; see mcp --help'],
  ])('%s', (message, argv, expected) => {
    expect(usageError(message, argv)).toMatchObject({ message: expected, exitCode: 2 });
  });
});
