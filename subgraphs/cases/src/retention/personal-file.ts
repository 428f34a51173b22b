import { Access, isUuid, notFound, personalFileTypes, readPersonalFile, requireArchivist, type FileTable } from '@passerelle/common';
import { Arg, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { CasesContext } from '../context';

/**
 * A person's file (issue 15), the cases part: the child's identity, the people around them, the
 * concerns naming them with their evaluations and referrals, measures, hearings, plans, reports
 * and family agreements — archived or not. Masked (CRPA L311-6; CASF L226-2-1): the identity and
 * contact of whoever sent a concern (institution, person), the contact details of parents and
 * other people around the child (phone, e-mail, address: they are third parties' today). Left
 * out: the other children a concern names (their ids), internal keys and versions, and what is
 * not the person's file but the service's access management (referents' and break-glass grants:
 * in the audit log).
 */
const CONCERNS = 't.id IN (SELECT concern_id FROM cases.concern_child WHERE child_id = $1)';
const OF_CONCERNS = 't.concern_id IN (SELECT concern_id FROM cases.concern_child WHERE child_id = $1)';
const PLANS = 'SELECT id FROM cases.child_plan WHERE child_id = $1';
const AGREEMENTS = 'SELECT id FROM cases.family_agreement WHERE child_id = $1';

export const CASES_FILE_TABLES: readonly FileTable[] = [
  { table: 'cases.child', where: 't.id = $1', omitted: ['version', 'search_name'] },
  { table: 'cases.guardian', where: 't.child_id = $1', masked: ['phone', 'email', 'address'], omitted: ['version'] },
  { table: 'cases.contact_person', where: 't.child_id = $1', masked: ['phone'], omitted: ['version'] },
  {
    table: 'cases.concern',
    where: CONCERNS,
    order: 'x.received_at, x.id',
    masked: ['source_partner_id', 'source_person_name', 'source_person_contact'],
    omitted: ['idempotency_key', 'request_hash', 'unmatched_child_ids', 'version'],
  },
  { table: 'cases.evaluation', where: OF_CONCERNS, omitted: ['first_evaluator_id', 'second_evaluator_id', 'version'] },
  { table: 'cases.referral', where: OF_CONCERNS, omitted: ['version'] },
  { table: 'cases.measure', where: 't.child_id = $1', order: 'x.start_date, x.id', omitted: ['version'] },
  { table: 'cases.measure_renewal', where: 't.measure_id IN (SELECT id FROM cases.measure WHERE child_id = $1)' },
  { table: 'cases.hearing', where: 't.child_id = $1', order: 'x.scheduled_at, x.id', omitted: ['version'] },
  { table: 'cases.child_plan', where: 't.child_id = $1', omitted: ['version'] },
  { table: 'cases.plan_need', where: `t.plan_id IN (${PLANS})` },
  { table: 'cases.plan_objective', where: `t.plan_id IN (${PLANS})` },
  { table: 'cases.plan_action', where: `t.objective_id IN (SELECT id FROM cases.plan_objective WHERE plan_id IN (${PLANS}))` },
  { table: 'cases.plan_review', where: `t.plan_id IN (${PLANS})` },
  { table: 'cases.plan_signature', where: `t.plan_id IN (${PLANS})` },
  { table: 'cases.situation_report', where: 't.child_id = $1', order: 'x.due_on, x.id', omitted: ['version'] },
  { table: 'cases.family_agreement', where: 't.child_id = $1', omitted: ['version'] },
  { table: 'cases.family_agreement_renewal', where: `t.agreement_id IN (${AGREEMENTS})` },
  { table: 'cases.family_agreement_signature', where: `t.agreement_id IN (${AGREEMENTS})`, omitted: ['guardian_id'] },
];

export const { FileField: CasesFileField, FileRecord: CasesFileRecord } = personalFileTypes('Cases');

@Directive('@key(fields: "childId")')
@Access('PERSONAL_FILE')
@ObjectType({
  description:
    'A person’s whole file for their access request (RGPD art. 15; CASF L223-7: a former child in care), across cases, placements and partners, the intermediate archive included, third parties masked. Produced by the département’s archivist (scope archive:read); the query is audited like every read, and its JSON answer is the export.',
})
export class PersonalFile {
  @Field(() => ID, { description: 'The child (the person, now perhaps an adult) whose file it is.' })
  childId!: string;

  @Field({ description: 'Whether the file is in the intermediate archive (past its active term: no other read shows it).' })
  archived!: boolean;
}

@Resolver(() => PersonalFile)
export class PersonalFileResolver {
  @Access('PERSONAL_FILE')
  @Query(() => PersonalFile, {
    nullable: true,
    description:
      'A person’s whole file (dossier), archived or not, with third parties masked — above all whoever sent an information préoccupante — for their access request. The département’s archivist only (scope archive:read); null, with a FORBIDDEN error, without it; NOT_FOUND for a file that does not exist (or was eliminated).',
  })
  async personalFile(@Arg('childId', () => ID, { description: 'The child whose file is asked for.' }) childId: string, @Ctx() ctx: CasesContext): Promise<PersonalFile> {
    requireArchivist(ctx.principal);
    const id = childId.toLowerCase();
    const rows: { archived: boolean }[] = isUuid(id)
      ? await ctx.db.dataSource.query(
          'SELECT (a.child_id IS NOT NULL) AS archived FROM cases.child c LEFT JOIN cases.archived_child a ON a.child_id = c.id WHERE c.id = $1',
          [id],
        )
      : [];
    if (!rows[0]) throw notFound('Child', childId);
    return { childId: id, archived: rows[0].archived };
  }

  @FieldResolver(() => [CasesFileRecord], {
    nullable: true,
    description: 'The cases part: identity, people around the child, concerns (their senders masked), evaluations, referrals, measures, hearings, plans, reports, family agreements. Null, with a FORBIDDEN error, for anyone but the archivist.',
  })
  cases(@Root() file: PersonalFile, @Ctx() ctx: CasesContext) {
    requireArchivist(ctx.principal);
    return readPersonalFile(ctx.db.dataSource, CASES_FILE_TABLES, file.childId);
  }
}

/** `PersonalFile` from its key, for the other subgraphs' parts: the archivist only. */
export const personalFileReference = {
  PersonalFile: {
    async __resolveReference(ref: { childId: string }, ctx: CasesContext) {
      requireArchivist(ctx.principal);
      return new PersonalFileResolver().personalFile(ref.childId, ctx);
    },
  },
};
