import { connectionOptions } from './database';

describe("the subgraphs' connections", () => {
  it('plan for SSD-backed storage (random_page_cost 1.1), the operator’s PGOPTIONS sent after it (so they win)', () => {
    expect(connectionOptions({})).toBe('-c random_page_cost=1.1');
    expect(connectionOptions({ PGOPTIONS: '  ' })).toBe('-c random_page_cost=1.1');
    expect(connectionOptions({ PGOPTIONS: '-c random_page_cost=4 -c work_mem=64MB' })).toBe('-c random_page_cost=1.1 -c random_page_cost=4 -c work_mem=64MB');
  });
});
