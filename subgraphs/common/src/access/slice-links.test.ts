import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';
import { AUDIENCES, canWrite, ROW_SCOPES } from './matrix';
import { SLICE_LINKS, slicesDefinedBy, type SliceLink } from './slice-links';

/** Every Mutation field of the composed supergraph (schema/supergraph.graphql, checked in). */
function supergraphMutations(): string[] {
  const sdl = readFileSync(join(__dirname, '../../../../schema/supergraph.graphql'), 'utf8');
  const fields = parse(sdl).definitions.flatMap((d) =>
    (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) && d.name.value === 'Mutation'
      ? (d.fields ?? []).map((f) => f.name.value)
      : [],
  );
  return [...new Set(fields)].sort();
}

describe('the registry of writes that define a slice', () => {
  const mutations = supergraphMutations();
  const links = SLICE_LINKS as Record<string, SliceLink>;

  it('reads the supergraph’s mutations', () => {
    expect(mutations.length).toBeGreaterThan(50);
    expect(mutations).toContain('enrollChild');
  });

  it('has an entry for every mutation of the supergraph: a new one cannot appear without its rule', () => {
    const missing = mutations.filter((m) => !(m in links));
    expect(missing).toEqual([]);
  });

  it('names no mutation the supergraph does not have', () => {
    const stale = Object.keys(links).filter((m) => !mutations.includes(m));
    expect(stale).toEqual([]);
  });

  it('gives every slice-defining mutation a rule, and names only audiences that have a slice', () => {
    for (const [mutation, link] of Object.entries(links)) {
      for (const holder of slicesDefinedBy(link)) {
        expect({ mutation, holder, whole: ROW_SCOPES[holder].whole ?? false }).toEqual({ mutation, holder, whole: false });
      }
      if (link.defines !== null) expect({ mutation, rule: (link.rule ?? '').length > 10 }).toEqual({ mutation, rule: true });
    }
  });

  it('lets the département alone confirm a school’s or a PMI centre’s declaration (the matrix’s W column)', () => {
    // The matrix's W column for the categories of the slice-defining writes the partners hold:
    // the département alone confirms a declaration.
    for (const audience of AUDIENCES) {
      expect({ audience, confirms: canWrite(audience, 'SCHOOLING_CONFIRMATION') }).toEqual({ audience, confirms: audience === 'department' });
      expect({ audience, confirms: canWrite(audience, 'HEALTH_FOLLOW_UP_CONFIRMATION') }).toEqual({ audience, confirms: audience === 'department' });
    }
  });
});
