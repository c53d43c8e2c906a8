import { describe, expect, it } from '@jest/globals';
import { findNameClash } from './findNameClash.js';

const owners = [
  { service: 'hello', hostname: 'web.svc.mcp.z' },
  { service: 'hello', hostname: 'api.svc.mcp.z' },
  { service: 'wiki', hostname: 'app.svc.mcp.z' },
];

describe('findNameClash', () => {
  it.each<[string, string, string[], string | undefined]>([
    ['a new name', 'other', ['new.svc.mcp.z'], undefined],
    ['its own names again (a redeploy)', 'hello', ['web.svc.mcp.z', 'api.svc.mcp.z'], undefined],
    ['a name another service serves', 'other', ['web.svc.mcp.z'], 'hello'],
    ['the first clash in order', 'other', ['x.svc.mcp.z', 'app.svc.mcp.z', 'web.svc.mcp.z'], 'wiki'],
    ['nothing wanted', 'other', [], undefined],
  ])('%s', (_, service, wanted, owner) => {
    expect(findNameClash(service, wanted, owners)?.owner).toBe(owner);
  });

  it('says which name, who has it and what to do', () => {
    expect(findNameClash('other', ['web.svc.mcp.z'], owners)).toEqual({
      hostname: 'web.svc.mcp.z',
      owner: 'hello',
      message: 'internal name web.svc.mcp.z is already served by service hello; rename the component',
    });
  });
});
