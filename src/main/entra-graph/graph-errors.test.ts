// Graph's refusals in the admin's words decide by status and code only: Graph's messages "can change at any time"
// (microsoft-graph-docs-contrib concepts/errors.md), so the same code with another message gets the same remedy.
import { describe, expect, it } from 'vitest';
import { GraphError } from './graph-client';
import { explainGraph } from './graph-errors';

const refusal = (message: string) => new GraphError(400, 'Request_BadRequest', message, 'req-1', 'POST /applications');

describe('explainGraph', () => {
  it('a 400 on the registration’s values: one remedy whatever the message says', () => {
    const named = explainGraph(refusal("Invalid value specified for property 'redirectUris' of resource 'Application'."), 'create');
    const other = explainGraph(refusal('One or more properties contains invalid values.'), 'create');
    expect(named.remedy).toBe(other.remedy);
    expect(named.remedy).toContain('at most 256 characters');
    // Graph's own words stay in the message, for support.
    expect(named.message).toContain("property 'redirectUris'");
  });
});
