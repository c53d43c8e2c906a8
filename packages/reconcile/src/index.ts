// Desired state against actual state, as pure functions the daemons call:
// no I/O, no clock; what they need comes in as data.
export { chooseReplacement, type Replacement, type ReplacementInput } from './chooseReplacement.js';
export { certificateRefusal, type NameAssignment } from './certificateRefusal.js';
export { edgeRouteFindings, type EdgeAnswer } from './edgeRouteFindings.js';
export { findNameClash, type NameClash } from './findNameClash.js';
export {
  isHealthyStatus,
  judgeHealth,
  type HealthInput,
  type HealthProbe,
  type HealthVerdict,
} from './judgeHealth.js';
export { nextRevision, REVISIONS_KEPT, revisionsToForget, type RevisionRef } from './keepRevisions.js';
export { nextHostPort } from './nextHostPort.js';
export { rollbackTarget, type RollbackChoice } from './rollbackTarget.js';
export { internalNames } from './internalNames.js';
export { nameAssignments } from './nameAssignments.js';
export { nodeHost } from './nodeHost.js';
export {
  isBadRequest,
  planDeploy,
  type DeployNode,
  type DeployPlan,
  type DeployPlanInput,
  type DeployStepName,
  type PlacedService,
  type RefusedDeploy,
  type ServiceUnderWay,
} from './planDeploy.js';
export { dnsPlanIsEmpty, planDnsRecords, type DnsRecord, type DnsRecordPlan } from './planDnsRecords.js';
export {
  edgePlanIsEmpty,
  planEdgeRoutes,
  publicHostnameRefusal,
  type EdgePlan,
  type RecordedEdgeRoute,
} from './planEdgeRoutes.js';
export { planSync, type SyncEntry, type SyncPlanInput } from './planSync.js';
export {
  statusReport,
  type AgentAnswer,
  type Finding,
  type FindingKind,
  type ObservedService,
  type ServiceReport,
  type StatusInput,
} from './statusReport.js';
