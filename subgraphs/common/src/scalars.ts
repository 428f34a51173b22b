import { isScalarType, type GraphQLSchema } from 'graphql';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether `value` is a `YYYY-MM-DD` calendar date (proleptic Gregorian, as JavaScript's Date). */
export function isLocalDate(value: string): boolean {
  if (!LOCAL_DATE.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS[month - 1]!);
}

/**
 * The subgraphs' `LocalDate` answers without a Date per value. graphql-scalars' serialiser checks
 * a date by building a Date and formatting it back (about 2 % of a subgraph's CPU on a list of
 * children, profiled under load, issue 14); the dates it serialises come from PostgreSQL's `date`
 * columns as text. A valid date is passed as it is after the same checks done arithmetically;
 * anything else goes to graphql-scalars' own serialiser, which refuses it with its own message.
 * Parsing client input is left to graphql-scalars.
 */
export function lighterScalars(schema: GraphQLSchema): void {
  const type = schema.getType('LocalDate');
  if (!type || !isScalarType(type)) return;
  const original = type.serialize.bind(type);
  type.serialize = (value: unknown) => (typeof value === 'string' && isLocalDate(value) ? value : original(value));
}
