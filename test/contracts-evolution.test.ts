import { AUDIENCES, repoPath } from '@passerelle/common';
import { buildSchema } from 'graphql';
import { existsSync, readFileSync } from 'node:fs';
import { changelogEntry, evolution, evolutions } from '../tools/src/contracts-evolution';

/**
 * Issue 16, schema evolution: a partner's app is built against its audience's contract; between
 * two releases nothing it may use disappears or changes without first being deprecated.
 */
describe('contract evolution', () => {
  it('every audience has a released contract, and today’s contracts break none of them', async () => {
    for (const audience of AUDIENCES) {
      expect(existsSync(repoPath(`schema/releases/${audience}.graphql`))).toBe(true);
      expect(existsSync(repoPath(`schema/changelog/${audience}.md`))).toBe(true);
    }
    const refused = (await evolutions()).flatMap((e) => e.refused.map((c) => `${e.audience}: ${c.message}`));
    expect(refused).toEqual([]);
  });

  const released = readFileSync(repoPath('schema/releases/school.graphql'), 'utf8');
  const school = buildSchema(released, { assumeValidSDL: true });
  /** The released school contract with `from` replaced by `to` within the Child type. */
  const changed = (from: string | RegExp, to: string) => {
    const start = released.indexOf('\ntype Child ');
    const end = released.indexOf('\n}\n', start);
    const sdl = released.slice(0, start) + released.slice(start, end).replace(from, to) + released.slice(end);
    expect(sdl).not.toBe(released);
    return buildSchema(sdl, { assumeValidSDL: true });
  };

  it('a deliberately broken contract is refused: a field removed, a type changed, an argument made required', async () => {
    // Renamed: the field a partner's app uses is gone.
    const removed = await evolution('school', school, changed(/\n(\s*)lastName: String\n/, '\n$1familyName: String\n'));
    expect(removed.refused.map((c) => [c.type, c.path])).toContainEqual(['FIELD_REMOVED', 'Child.lastName']);
    const retyped = await evolution('school', school, changed('  birthDate: LocalDate\n', '  birthDate: String\n'));
    expect(retyped.refused.map((c) => c.type)).toContain('FIELD_TYPE_CHANGED');
    const required = await evolution('school', school, changed(/after: String\n/, 'after: String!\n'));
    expect(required.refused.length).toBeGreaterThan(0);
  });

  it('deprecate in one release, remove in the next: the removal is allowed and listed in the CHANGELOG', async () => {
    const deprecated = changed(/\n(\s*)lastName: String\n/, '\n$1lastName: String @deprecated(reason: "use familyName")\n$1familyName: String\n');
    const step1 = await evolution('school', school, deprecated);
    expect(step1.refused).toEqual([]);
    const entry1 = changelogEntry('1.1.0', '2026-12-02', step1);
    expect(entry1).toMatch(/### Deprecated[\s\S]*lastName/);
    expect(entry1).toMatch(/### Added and changed[\s\S]*familyName/);
    const step2 = await evolution('school', deprecated, changed(/\n(\s*)lastName: String\n/, '\n$1familyName: String\n'));
    expect(step2.refused).toEqual([]);
    expect(step2.retired.map((c) => c.path)).toEqual(['Child.lastName']);
    expect(changelogEntry('1.2.0', '2026-12-02', step2)).toMatch(/### Removed after deprecation\n\n- Field 'lastName' \(deprecated\) was removed/);
  });
});
