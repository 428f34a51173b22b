import { AUDIENCES, readConfig, type Audience } from '@passerelle/common';

/** Audiences whose explorers send free documents: never held to trusted documents by default. */
const FREE_BY_DEFAULT: readonly Audience[] = ['department', 'crip', 'analyst'];

/**
 * The audiences held to trusted documents (TRUSTED_DOCUMENTS): as configured, or by default every
 * partner audience in production and none in development.
 */
export function trustedDocumentAudiences(production: boolean, env: NodeJS.ProcessEnv = process.env): Audience[] {
  const configured = readConfig(['TRUSTED_DOCUMENTS'], env).TRUSTED_DOCUMENTS as Audience[] | undefined;
  if (configured) return configured;
  return production ? AUDIENCES.filter((a) => !FREE_BY_DEFAULT.includes(a)) : [];
}
