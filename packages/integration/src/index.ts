// Fixtures that start real fleets for tests, benchmarks and the local fleet
// demo. Private: no published package imports this one.
export { agentCsr } from './fixtures/agentCsr.js';
export {
  buildAgentBinaries,
  fakeAgentBinaries,
  sha256File,
  type AgentBinaries,
  type AgentBinaryFile,
} from './fixtures/agentBinaries.js';
export { startBinaryNode, type BinaryNode } from './fixtures/startBinaryNode.js';
export { upgradeConfig } from './fixtures/upgradeConfig.js';
export { startUpgradeFleet, type UpgradeFleet } from './fixtures/startUpgradeFleet.js';
export { BINARIES, binaryOf } from './fixtures/binaries.js';
export { startFakeAgent, type CapturedCall, type FakeAgent } from './fixtures/startFakeAgent.js';
export { mcp, mcpBinary, helloToml, writeConfigDir, type CliRun } from './fixtures/cliHarness.js';
export { collectDeploy, httpdSpec } from './fixtures/collectDeploy.js';
export { resetFleet } from './fixtures/resetFleet.js';
export { agentToml, masterToml, type AgentTomlInput, type MasterTomlInput } from './fixtures/fleetToml.js';
export { httpsGet, type HttpsResult } from './fixtures/httpsGet.js';
export { startAgentFixture, internalName, type AgentFixture } from './fixtures/startAgentFixture.js';
export { startEdgeFixture, EDGE_BACKEND_PORT, type EdgeFixture } from './fixtures/startEdgeFixture.js';
export {
  startFleet,
  type FleetNode,
  type FleetNodeSpec,
  type Role,
  type StartFleetOptions,
  type TestFleet,
} from './fixtures/startFleet.js';
export {
  canRunArm64,
  canUseNamespaces,
  EXAMPLE_DOMAIN,
  EXAMPLE_IMAGE,
  EXAMPLES_DIR,
  startSeedFleet,
  type SeedFleet,
  type StartSeedFleetOptions,
} from './fixtures/startSeedFleet.js';
