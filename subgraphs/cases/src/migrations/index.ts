import { Children1764150000000 } from './1764150000000-Children';

/** Every migration of the cases schema, in order. */
export const migrations = [Children1764150000000];
