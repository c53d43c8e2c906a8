import { CliError } from './CliError.js';

// Global options that take a value: their value is not the command word.
const VALUE_OPTIONS = new Set(['--config', '--node', '-n', '--timeout']);

/** The first word of `argv` that is not an option or an option's value. */
export function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return argv[i + 1];
    if (!arg.startsWith('-')) return arg;
    if (VALUE_OPTIONS.has(arg)) i++;
  }
  return undefined;
}

/**
 * Turns a yargs failure message into a lower-case one-line CliError (exit 2)
 * that names an unknown command as such and points at the help.
 */
export function usageError(message: string, argv: readonly string[]): CliError {
  const word = commandWord(argv);
  const suggestion = /^Did you mean (\S+)\?$/.exec(message)?.[1];
  if (suggestion) return new CliError(`unknown command "${word}"; did you mean ${suggestion}?`, 2);
  if (word !== undefined && message === `Unknown argument: ${word}`) {
    return new CliError(`unknown command "${word}"; see mcp --help`, 2);
  }
  if (word !== undefined && message.startsWith('Not enough non-option arguments')) {
    const needs = word === 'node' ? 'a command (list)' : 'a service';
    return new CliError(`${word} needs ${needs}; see mcp ${word} --help`, 2);
  }
  const text = message.charAt(0).toLowerCase() + message.slice(1);
  return new CliError(`${text}; see mcp ${word ?? ''} --help`.replace('  ', ' '), 2);
}
