export { choosePlacement } from './choosePlacement.js';
export { planPlacements, type PlannedPlacement } from './planPlacements.js';
export { PlacementError, type PlacementErrorCode } from './PlacementError.js';
export type {
  NodeRole,
  PlacementDecision,
  PlacementNode,
  PlacementOptions,
  PlacementReason,
  PlacementRequest,
  Tier,
} from './types.js';
