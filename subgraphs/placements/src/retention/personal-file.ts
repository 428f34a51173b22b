import { Access, personalFileTypes, readPersonalFile, requireArchivist, type FileTable } from '@passerelle/common';
import { Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import type { PlacementsContext } from '../context';

/**
 * A person's file (issue 15), the placements part: where the child lived (the facility's name,
 * kind and commune with each placement), visit rights and visits, return-home plans — archived
 * or not. Masked: a foster carer's or any confidential address (a third party's home, CC 375-7);
 * the carer's name stays (the person's own history). Left out: internal keys and versions.
 */
const FACILITY = (column: string) => `(SELECT f.${column} FROM placements.facility f WHERE f.id = t.facility_id)`;
const RIGHTS = 'SELECT id FROM placements.visit_right WHERE child_id = $1';
const PLANS = 'SELECT id FROM placements.return_home_plan WHERE child_id = $1';

export const PLACEMENTS_FILE_TABLES: readonly FileTable[] = [
  {
    table: 'placements.placement',
    where: 't.child_id = $1',
    order: 'x.start_date, x.id',
    omitted: ['version', 'capacity_override_reason'],
    extra: { facility_name: FACILITY('name'), facility_kind: FACILITY('kind'), facility_commune: FACILITY('commune'), facility_address: FACILITY('address'), facility_postal_code: FACILITY('postal_code') },
    maskedWhen: {
      columns: ['facility_address', 'facility_postal_code'],
      when: `(SELECT f.confidential_address OR f.kind = 'FOSTER_CARER' FROM placements.facility f WHERE f.id = t.facility_id)`,
    },
  },
  { table: 'placements.visit_right', where: 't.child_id = $1', omitted: ['version', 'guardian_id'] },
  { table: 'placements.visit', where: `t.visit_right_id IN (${RIGHTS})`, order: 'x.planned_on, x.id', omitted: ['version'] },
  { table: 'placements.return_home_plan', where: 't.child_id = $1', omitted: ['version'] },
  { table: 'placements.return_home_phase_entry', where: `t.plan_id IN (${PLANS})`, order: 'x.plan_id, x.position' },
  { table: 'placements.return_home_move', where: `t.plan_id IN (${PLANS})`, order: 'x.plan_id, x.seq' },
  { table: 'placements.return_home_milestone', where: `t.plan_id IN (${PLANS})`, omitted: ['version'] },
];

export const { FileField: PlacementsFileField, FileRecord: PlacementsFileRecord } = personalFileTypes('Placements');

/** The cases subgraph's entity, as this subgraph extends it. */
@Directive('@key(fields: "childId")')
@Access('PERSONAL_FILE')
@ObjectType({ description: 'A person’s whole file for their access request (owned by the cases subgraph); placements are added here.' })
export class PersonalFile {
  @Field(() => ID, { description: 'The child whose file it is.' })
  childId!: string;
}

@Resolver(() => PersonalFile)
export class PersonalFilePlacementsResolver {
  @FieldResolver(() => [PlacementsFileRecord], {
    nullable: true,
    description: 'The placements part: placements (with the facility; a foster carer’s or confidential address masked), visit rights and visits, return-home plans. Null, with a FORBIDDEN error, for anyone but the archivist.',
  })
  placements(@Root() file: PersonalFile, @Ctx() ctx: PlacementsContext) {
    requireArchivist(ctx.principal);
    return readPersonalFile(ctx.db.dataSource, PLACEMENTS_FILE_TABLES, file.childId);
  }
}

/** `PersonalFile` from its key: the archivist only (this subgraph checks for itself). */
export const personalFileReference = {
  PersonalFile: {
    __resolveReference(ref: { childId: string }, ctx: PlacementsContext): PersonalFile {
      requireArchivist(ctx.principal);
      return { childId: String(ref.childId).toLowerCase() };
    },
  },
};
