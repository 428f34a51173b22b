import { compose, staleFiles } from '../tools/src/compose';

describe('the composed supergraph', () => {
  it('composes from the subgraphs’ code, and the checked-in files are up to date', async () => {
    const composition = await compose();
    expect(composition.files['schema/supergraph.graphql']).toContain('join__Graph');
    expect(staleFiles(composition)).toEqual([]);
  });

  it('names the three subgraphs', async () => {
    const { files } = await compose();
    for (const name of ['CASES', 'PLACEMENTS', 'PARTNERS']) {
      expect(files['schema/supergraph.graphql']).toMatch(new RegExp(`${name} @join__graph\\(name: "${name.toLowerCase()}"`));
    }
  });
});
