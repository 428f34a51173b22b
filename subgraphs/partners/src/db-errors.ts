import { badInput } from '@passerelle/common';

/**
 * A unique constraint PostgreSQL refused, turned into BAD_USER_INPUT on the input field it
 * guards. Checking first and inserting after would race; the constraint is the arbiter.
 */
export function rethrowUnique(error: unknown, fields: Record<string, { argument: string; message: string }>): never {
  const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  if (driver?.code === '23505' && driver.constraint && fields[driver.constraint]) {
    const { argument, message } = fields[driver.constraint]!;
    throw badInput(message, argument);
  }
  throw error;
}
