import { byIdLoader, pagesByParentLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import type { CasesReadRows } from '../access/row-policy';
import { manyWhereLoader } from '../access/scoped-rows';
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
    childLinksByConcern: manyWhereLoader(links, 'concernId', { property: 'receivedAt', direction: 'ASC' }, rows.childLinksOfConcern),
    evaluationById: byIdLoader(evaluations, rows.evaluations),
    evaluationsByConcern: manyWhereLoader(evaluations, 'concernId', { property: 'startedAt', direction: 'ASC' }, rows.evaluations),
    referralById: byIdLoader(referrals, rows.referrals),
    referralsByConcern: manyWhereLoader(referrals, 'concernId', { property: 'sentAt', direction: 'ASC' }, rows.referrals),
  };
}
