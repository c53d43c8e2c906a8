// The one @mcp/auth function runCli loads lazily, as a named import so the
// bundle keeps only what the CLI uses (scripts/bundle.mjs).
export { ignoreIpServerNameWarning } from '@mcp/auth';
