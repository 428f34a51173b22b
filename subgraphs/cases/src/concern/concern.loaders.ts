import { byIdLoader, manyByLoader, pagesByParentLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import type { CasesReadRows } from '../access/row-policy';
import { Evaluation } from '../evaluation/evaluation.entity';
import { Referral } from '../referral/referral.entity';
import { ConcernChild } from './concern-child.entity';
import { Concern } from './concern.entity';

export function concernLoaders(dataSource: DataSource, rows: CasesReadRows) {
  const links = dataSource.getRepository(ConcernChild);
  const evaluations = dataSource.getRepository(Evaluation);
  const referrals = dataSource.getRepository(Referral);
  return {
    concernById: byIdLoader(dataSource.getRepository(Concern), rows.concerns),
    /** Pages of (concern, child) links per child, newest first; the concerns follow by id. */
    concernLinksByChild: pagesByParentLoader(links, 'childId', { property: 'receivedAt', direction: 'DESC' }, {
      conditionOf: () => rows.concernLinksOfChild,
    }),
    childLinksByConcern: manyByLoader(links, 'concernId', { property: 'receivedAt', direction: 'ASC' }, rows.childLinksOfConcern),
    evaluationById: byIdLoader(evaluations, rows.evaluations),
    evaluationsByConcern: manyByLoader(evaluations, 'concernId', { property: 'startedAt', direction: 'ASC' }, rows.evaluations),
    referralById: byIdLoader(referrals, rows.referrals),
    referralsByConcern: manyByLoader(referrals, 'concernId', { property: 'sentAt', direction: 'ASC' }, rows.referrals),
  };
}
