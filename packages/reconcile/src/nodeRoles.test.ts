// @mcp/placement declares NodeRole itself, to stay dependency-free for
// other tooling; @mcp/names is its home for everything else. This file
// fails to typecheck (and so the package's typecheck and tests) the moment
// the two differ.
import { describe, expect, it } from '@jest/globals';
import { NODE_ROLES, type NodeRole } from '@mcp/names';
import type { NodeRole as PlacementRole } from '@mcp/placement';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameRoles: Same<PlacementRole, NodeRole> = true;

describe('NodeRole', () => {
  it('is the same in @mcp/placement and @mcp/names', () => {
    expect(sameRoles).toBe(true);
    const roles: readonly PlacementRole[] = NODE_ROLES;
    expect([...roles].sort()).toEqual(['edge', 'master', 'worker']);
  });
});
