import { createHash } from 'node:crypto';

/** One audit record: who did what to which children's data, and how it ended. */
export interface AuditRecord {
  at: Date;
  member: string;
  partnerId: string;
  audience: string;
  operationName: string | null;
  operationType: 'query' | 'mutation' | 'subscription';
  documentHash: string;
  children: string[];
  categories: string[];
  /** `ok`, or `error:` and the error codes. */
  outcome: string;
}

export const GENESIS = '0'.repeat(64);

/** The record's link: sha256 over the previous link and every field, in a fixed order. */
export function chainHash(previous: string, record: AuditRecord): string {
  const canonical = JSON.stringify([
    previous,
    record.at.toISOString(),
    record.member,
    record.partnerId,
    record.audience,
    record.operationName,
    record.operationType,
    record.documentHash,
    [...record.children].sort(),
    [...record.categories].sort(),
    record.outcome,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
