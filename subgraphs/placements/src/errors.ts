import { conflict } from '@passerelle/common';
import { QueryFailedError } from 'typeorm';

/**
 * A unique index the database enforces (one open placement per child, one open plan per
 * child) turned into the CONFLICT a client can act on, when two requests race past the
 * checks made in code.
 */
export async function uniqueAsConflict<T>(work: () => Promise<T>, messages: Record<string, string>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof QueryFailedError) {
      const driver = error.driverError as { code?: string; constraint?: string };
      if (driver.code === '23505' && driver.constraint && messages[driver.constraint]) {
        throw conflict(messages[driver.constraint]!);
      }
    }
    throw error;
  }
}
