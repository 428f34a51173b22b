import { Partners1764150000000 } from './1764150000000-Partners';

/** Every migration of the partners schema, in order. */
export const migrations = [Partners1764150000000];
