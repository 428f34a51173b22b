import { Access, personalFileTypes, readPersonalFile, requireArchivist, type FileTable } from '@passerelle/common';
import { Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import type { PartnersContext } from '../context';

/**
 * A person's file (issue 15), the partners part: the school enrolments and PMI follow-ups that
 * opened the file to a school or a PMI centre, with the institution's name — archived or not.
 * Left out: internal keys and versions.
 */
const PARTNER = (column: string) => `(SELECT p.name FROM partners.partner p WHERE p.id = t.${column})`;

export const PARTNERS_FILE_TABLES: readonly FileTable[] = [
  { table: 'partners.enrollment', where: 't.child_id = $1', order: 'x.start_date, x.id', omitted: ['version'], extra: { school_name: PARTNER('school_id') } },
  { table: 'partners.health_follow_up', where: 't.child_id = $1', order: 'x.start_date, x.id', omitted: ['version'], extra: { pmi_name: PARTNER('pmi_id') } },
];

export const { FileField: PartnersFileField, FileRecord: PartnersFileRecord } = personalFileTypes('Partners');

/** The cases subgraph's entity, as this subgraph extends it. */
@Directive('@key(fields: "childId")')
@Access('PERSONAL_FILE')
@ObjectType({ description: 'A person’s whole file for their access request (owned by the cases subgraph); enrolments and PMI follow-ups are added here.' })
export class PersonalFile {
  @Field(() => ID, { description: 'The child whose file it is.' })
  childId!: string;
}

@Resolver(() => PersonalFile)
export class PersonalFilePartnersResolver {
  @FieldResolver(() => [PartnersFileRecord], {
    nullable: true,
    description: 'The partners part: school enrolments and PMI follow-ups, with the institution’s name. Null, with a FORBIDDEN error, for anyone but the archivist.',
  })
  partners(@Root() file: PersonalFile, @Ctx() ctx: PartnersContext) {
    requireArchivist(ctx.principal);
    return readPersonalFile(ctx.db.dataSource, PARTNERS_FILE_TABLES, file.childId);
  }
}

/** `PersonalFile` from its key: the archivist only (this subgraph checks for itself). */
export const personalFileReference = {
  PersonalFile: {
    __resolveReference(ref: { childId: string }, ctx: PartnersContext): PersonalFile {
      requireArchivist(ctx.principal);
      return { childId: String(ref.childId).toLowerCase() };
    },
  },
};
