import { CASEWORKER_CHILDREN_QUERY, forbidden, isUuid } from '@passerelle/common';
import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import type { CasesContext } from '../context';

/**
 * A département caseworker's children, for the placements and partners subgraphs, which hold
 * none of the facts (a child's commune, the référents, the break-glass grants) and never read
 * cases' tables: the team's part (`member` null) — the children living in its communes — or the
 * member's part (`communes` empty) — their caseload, and their grants in force as
 * `<child>@<expiry in ms>` so that the asker drops a grant at its end however long it caches.
 * Passerelle's own services only; @inaccessible.
 */
@Resolver()
export class CaseworkerChildrenResolver {
  @Directive('@inaccessible')
  @Query(() => [ID], { name: CASEWORKER_CHILDREN_QUERY, description: 'Passerelle’s own services only: a département caseworker’s children (team part or member part).' })
  async caseworkerChildren(
    @Ctx() ctx: CasesContext,
    @Arg('communes', () => [String]) communes: string[],
    @Arg('member', () => String, { nullable: true }) member?: string | null,
  ): Promise<string[]> {
    if (ctx.principal.audience !== 'system') throw forbidden('only Passerelle’s own services may ask this');
    const query = (sql: string, params: unknown[]) => ctx.db.dataSource.query(sql, params) as Promise<{ id: string }[]>;
    if (member === null || member === undefined) {
      const rows = await query('SELECT id FROM cases.child WHERE commune_code = ANY($1::text[])', [communes]);
      return rows.map((r) => r.id);
    }
    if (!isUuid(member)) return [];
    const rows = await query(
      `SELECT child_id::text AS id FROM cases.child_referent WHERE member_id = $1 AND until IS NULL
       UNION ALL
       SELECT child_id::text || '@' || floor(extract(epoch FROM expires_at) * 1000)::bigint::text FROM cases.break_glass
        WHERE member_id = $1 AND expires_at > now()`,
      [member.toLowerCase()],
    );
    return rows.map((r) => r.id);
  }
}
