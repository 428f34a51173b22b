import { badInput } from './errors';
import type { ValidationError } from 'class-validator';
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
