// Test fixtures for packages that drive a real agent (the CLI, the master,
// benchmarks): `import { startAgentFixture } from '@mcp/agent/testing'`.
export { startAgentFixture, internalName, type AgentFixture } from './startAgentFixture.js';
export { httpsGet, type HttpsResult } from './httpsGet.js';
