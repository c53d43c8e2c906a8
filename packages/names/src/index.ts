// The fleet's naming rules, written once: every package that checks a name
// imports it from here. Pure and dependency-free.
export { dnsLabelProblem, isDnsLabel, MAX_LABEL_LENGTH } from './dnsLabel.js';
export { isDnsName, MAX_NAME_LENGTH } from './dnsName.js';
export {
  isNodeArch,
  isNodeRole,
  NODE_ARCHES,
  NODE_ROLES,
  nodeArchOf,
  type NodeArch,
  type NodeRole,
} from './roles.js';
export { AGENT_IDENTITY_PREFIX, agentIdentity, MASTER_IDENTITY, nodeOfAgentIdentity } from './identities.js';
export { nodeDnsName, nodeSuffix, serviceSuffix } from './fleetNames.js';
