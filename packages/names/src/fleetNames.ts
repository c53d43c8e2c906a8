/**
 * The DNS names the fleet derives from its zone. Internal service names live
 * under `svc.mcp.<zone>`; each node's agent certificate names the node as
 * `<node>.node.mcp.<zone>`, which is how the master tells nodes apart even
 * when an address moves. Inputs are taken as already valid.
 */

/** `svc.mcp.<zone>`: every internal service name ends in it. */
export function serviceSuffix(zone: string): string {
  return `svc.mcp.${zone}`;
}

/** `node.mcp.<zone>`: every node name ends in it. */
export function nodeSuffix(zone: string): string {
  return `node.mcp.${zone}`;
}

/** The name an agent's certificate carries for its node: `orion` → `orion.node.mcp.<zone>`. */
export function nodeDnsName(node: string, zone: string): string {
  return `${node}.${nodeSuffix(zone)}`;
}
