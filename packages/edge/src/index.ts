export { chooseEdgeNode } from './chooseEdgeNode.js';
export { DEFAULT_BACKEND_CIDRS } from './defaults.js';
export { diffEdgeRoutes } from './diffEdgeRoutes.js';
export { EdgeError, type EdgeErrorCode } from './EdgeError.js';
export { internalHostname, internalSuffix } from './internalHostname.js';
export { isAddressInCidrs } from './isAddressInCidrs.js';
export { normalizeHostname } from './normalizeHostname.js';
export { parseCidr, type Cidr } from './parseCidr.js';
export { parseIpAddress, type IpAddress } from './parseIpAddress.js';
export type {
  EdgeNodeCandidate,
  EdgeRoute,
  EdgeRouteDiff,
  EdgeRouteField,
  EdgeRouteRequest,
  EdgeRouteRules,
  EdgeRouteUpdate,
  NodeRole,
  ValidEdgeRouteRequest,
} from './types.js';
export { validateAllowedDomains } from './validateAllowedDomains.js';
export { validateBackendAddresses } from './validateBackendAddresses.js';
export { validateBackendHostname } from './validateBackendHostname.js';
export { validateCidrs } from './validateCidrs.js';
export { validateEdgeRouteRequest } from './validateEdgeRouteRequest.js';
export { validatePublicHostname, type PublicHostnameOptions } from './validatePublicHostname.js';
