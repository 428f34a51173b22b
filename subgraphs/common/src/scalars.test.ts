import { GraphQLLocalDate } from 'graphql-scalars';
import { buildSchema, GraphQLScalarType } from 'graphql';
import { isLocalDate, lighterScalars } from './scalars';

/** graphql-scalars' verdict on a value: its output, or that it refused it. */
function reference(value: unknown): unknown {
  try {
    return GraphQLLocalDate.serialize(value);
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  }
}

describe('the lighter LocalDate serialiser', () => {
  function lighter(): GraphQLScalarType {
    const schema = buildSchema('scalar LocalDate type Query { d: LocalDate }');
    const type = schema.getType('LocalDate') as GraphQLScalarType;
    // As buildSubgraphSchema leaves it: graphql-scalars' functions on the schema's own type.
    Object.assign(type, { serialize: GraphQLLocalDate.serialize, parseValue: GraphQLLocalDate.parseValue, parseLiteral: GraphQLLocalDate.parseLiteral });
    lighterScalars(schema);
    expect(type.serialize).not.toBe(GraphQLLocalDate.serialize);
    return type;
  }

  it('answers every day of four centuries as graphql-scalars does, and refuses the same impossible ones', () => {
    const type = lighter();
    const verdict = (value: unknown) => {
      try {
        return type.serialize(value);
      } catch (error) {
        return `refused: ${(error as Error).message}`;
      }
    };
    let checked = 0;
    for (const year of [0, 4, 100, 1600, 1900, 1999, 2000, 2023, 2024, 2100, 2400, 9999]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const value = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          expect(verdict(value)).toEqual(reference(value));
          checked++;
        }
      }
    }
    for (const value of ['2024-2-29', '2024-02-29T00:00:00Z', ' 2024-02-29', '20240229', '', 'abcd-ef-gh', 20240229, null, new Date('2024-02-29'), '+02024-02-29']) {
      expect(verdict(value)).toEqual(reference(value));
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it('knows leap years by the Gregorian rule', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2023-02-29')).toBe(false);
    expect(isLocalDate('1900-02-29')).toBe(false);
    expect(isLocalDate('2000-02-29')).toBe(true);
    expect(isLocalDate('2024-04-31')).toBe(false);
    expect(isLocalDate('2024-12-31')).toBe(true);
  });

  it('leaves a schema without LocalDate alone', () => {
    const schema = buildSchema('type Query { d: String }');
    expect(() => lighterScalars(schema)).not.toThrow();
  });
});
