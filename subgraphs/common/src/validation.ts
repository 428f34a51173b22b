import { badInput } from './errors';
import { validateOrReject, type ValidationError, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, type MiddlewareFn } from 'type-graphql';

/** The path of the first failing property, and its messages (`places.1.places`). */
function firstFailure(error: ValidationError, path: string[] = []): { path: string[]; message: string } {
  const here = [...path, error.property];
  if (error.constraints && Object.keys(error.constraints).length > 0) {
    return { path: here, message: Object.values(error.constraints).join('; ') };
  }
  const child = error.children?.[0];
  return child ? firstFailure(child, here) : { path: here, message: `${here.join('.')} is invalid` };
}

/**
 * class-validator failures as the house's BAD_USER_INPUT: `argument` names the input path
 * (`input.childAge`, `input.places.1.places`, `first`), and the client's values are not
 * echoed back in the error (type-graphql's own error carries the whole input as `target`).
 * Anything else is thrown again as it is.
 */
export function asBadInput(error: unknown, args: Record<string, unknown>): never {
  if (!(error instanceof ArgumentValidationError)) throw error;
  const first = error.extensions.validationErrors[0];
  if (!first) throw badInput('invalid arguments');
  const failure = firstFailure(first);
  const argument = ['input' in args ? 'input' : null, ...failure.path].filter(Boolean).join('.');
  throw badInput(failure.message, argument);
}

/** The same as a type-graphql middleware (for a schema built without `buildFederatedSchema`). */
export const validationAsBadInput: MiddlewareFn = async ({ args }, next) => {
  try {
    return await next();
  } catch (error) {
    asBadInput(error, args);
  }
};

const VALIDATOR_OPTIONS: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };
/** Argument values already found valid, per argument type (a class): bounded, cleared when full. */
const validArguments = new WeakMap<object, Set<string>>();
const MAX_REMEMBERED = 500;
/** Longer values are validated each time (a mutation's input), not remembered. */
const MAX_REMEMBERED_CHARS = 512;

/**
 * type-graphql's argument validation (`validateFn` of buildSchema), the same checks as its own
 * (class-validator, missing properties skipped, unknown values allowed; a failure is an
 * ArgumentValidationError, which `asBadInput` words) — but its own calls `require('class-validator')`
 * anew for every argument of every field resolved (a module lookup per child's
 * `placements(first: 5)`), and validates the same `{ first: 5 }` a hundred times per page. Here a
 * value found valid is remembered per type: validation depends on the value alone.
 */
export async function validateArgument(value: unknown, type: unknown): Promise<void> {
  if (value === null || typeof value !== 'object') return;
  const remembered = typeof type === 'function' || (typeof type === 'object' && type !== null) ? (type as object) : null;
  const key = remembered ? JSON.stringify(value) : undefined;
  const known = remembered ? validArguments.get(remembered) : undefined;
  if (key !== undefined && known?.has(key)) return;
  try {
    if (Array.isArray(value)) await Promise.all(value.filter((item) => item !== null && typeof item === 'object').map((item) => validateOrReject(item as object, VALIDATOR_OPTIONS)));
    else await validateOrReject(value, VALIDATOR_OPTIONS);
  } catch (error) {
    throw new ArgumentValidationError(error as ValidationError[]);
  }
  if (remembered && key !== undefined && key.length <= MAX_REMEMBERED_CHARS) {
    let set = known;
    if (!set) validArguments.set(remembered, (set = new Set()));
    if (set.size >= MAX_REMEMBERED) set.clear();
    set.add(key);
  }
}
