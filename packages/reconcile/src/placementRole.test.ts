import { describe, expect, it } from '@jest/globals';
import type { NodeRole } from '@mcp/names';
import type { NodeRole as PlacementNodeRole } from '@mcp/placement';

// @mcp/placement stays dependency-free, so it declares the role union
// itself; this file fails to compile the day the two drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same: Same<NodeRole, PlacementNodeRole> = true;

describe('@mcp/placement NodeRole', () => {
  it('is the fleet-wide NodeRole of @mcp/names', () => {
    expect(same).toBe(true);
  });
});
