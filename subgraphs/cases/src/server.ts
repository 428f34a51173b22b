import { declareAuditRef, type SubgraphDefinition } from '@passerelle/common';
import { caseworkerSlice, casesLocalScope, casesLocalWhere } from './access/row-policy';
import { createContext, type CasesContext } from './context';
import { entities } from './entities';
import { migrations } from './migrations';
import { scanCasesDeadlines } from './notification/notification';
import { buildCasesSchema } from './schema';

// A concern (and its evaluation, its referral) names its children in cases.concern_child.
declareAuditRef('Concern', 'concernId');

/** The cases subgraph: children, concerns, evaluations, measures, plans, reports, hearings. */
export const casesSubgraph: SubgraphDefinition<CasesContext> = {
  name: 'cases',
  entities,
  migrations,
  buildSchema: buildCasesSchema,
  createContext,
  localScope: casesLocalScope,
  caseworkerScope: () => caseworkerSlice,
  localWhere: casesLocalWhere,
  notifications: { scanDeadlines: scanCasesDeadlines },
  /** The children of the concerns a request read or wrote (directly, or through an evaluation or a referral). */
  async auditChildrenOf(refs, context) {
    const concerns = [...(refs.get('Concern') ?? [])];
    if (concerns.length === 0) return [];
    const rows: { child_id: string }[] = await context.db.dataSource.query(
      'SELECT DISTINCT child_id FROM cases.concern_child WHERE concern_id = ANY($1::uuid[])',
      [concerns],
    );
    return rows.map((r) => r.child_id);
  },
};
