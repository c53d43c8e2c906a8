// A whole fleet on one machine for tests, benchmarks and the local demo:
// `import { startFleet } from '@mcp/master/testing'`.
export { startFleet, type FleetNode, type StartFleetOptions, type TestFleet } from './startFleet.js';
export { agentToml, masterToml } from './fleetToml.js';
export { collectDeploy, httpdSpec } from './collectDeploy.js';
