import { ageOn, badInput, conflict, enqueueNotifications, loadForUpdate, notFound, placementViolations, refuseViolations, type Page, type PageArgs } from '@passerelle/common';
import { IsNull } from 'typeorm';
import { requireWritable } from '../access/writable';
import type { PlacementsContext } from '../context';
import { uniqueAsConflict } from '../errors';
import { ageBandOf } from '../facility/age-band';
import { Facility, placesIn } from '../facility/facility.entity';
import type { EndPlacementInput, PlaceChildInput } from './placement.input';
import { Placement } from './placement.entity';
import { placementFacts } from './placement.law';

/** One placement by id: NOT_FOUND, or FORBIDDEN when outside the principal's rows (row policy). */
export async function getPlacement(ctx: PlacementsContext, id: string): Promise<Placement> {
  const placement = await ctx.loaders.placementById.load(id);
  if (!placement) throw ctx.rows.unseen('placements', 'Placement', id);
  return placement;
}

export function placementsOfChild(ctx: PlacementsContext, childId: string, page: PageArgs): Promise<Page<Placement>> {
  return ctx.loaders.placementsByChild.load({ parentId: childId, args: page });
}

export function placementsOfMeasure(ctx: PlacementsContext, measureId: string, page: PageArgs): Promise<Page<Placement>> {
  return ctx.loaders.placementsByMeasure.load({ parentId: measureId, args: page });
}

export function placementsOfFacility(
  ctx: PlacementsContext,
  facilityId: string,
  page: PageArgs,
  openOnly: boolean,
): Promise<Page<Placement>> {
  return ctx.loaders.placementsByFacility.load({ parentId: facilityId, args: page, filter: openOnly });
}

const ONE_OPEN_PLACEMENT = {
  placement_one_open_per_child: 'the child already has an open placement: end it (or transfer) before placing the child again',
};

/**
 * Places a child. The facility row is locked (SELECT … FOR UPDATE) for the rest of the
 * transaction, so two requests for the last place in a band are serialised: the second one
 * counts the first one's placement and gets CONFLICT. Beyond capacity only with a reason,
 * which is recorded on the placement. The measure and the child's age are asked of cases first
 * (placement.law.ts): a placement the law refuses is refused before anything is written.
 */
export async function placeChild(ctx: PlacementsContext, input: PlaceChildInput): Promise<Placement> {
  ctx.rows.requireNewRowFor('placements', input.childId);
  if (input.plannedEndDate && input.plannedEndDate < input.startDate) {
    throw badInput('plannedEndDate must not be before startDate', 'input.plannedEndDate');
  }
  // The law per measure kind (MEASURE_RULES): a kind that allows a placement, a measure in force
  // of this child, within its dates; the age band from the child's birth date, never the client's.
  const facts = await placementFacts(ctx.scope, input.measureId);
  if (!facts) throw notFound('Measure', input.measureId);
  refuseViolations(placementViolations(facts.measure, { childId: input.childId, startDate: input.startDate, plannedEndDate: input.plannedEndDate ?? null }));
  const ageBand = ageBandOf(ageOn(facts.birthDate, input.startDate));
  return uniqueAsConflict(
    () =>
      ctx.db.dataSource.transaction(async (manager) => {
        const facility = await manager.getRepository(Facility).findOne({
          where: { id: input.facilityId },
          lock: { mode: 'pessimistic_write' },
        });
        if (!facility) throw notFound('Facility', input.facilityId);
        if (facility.approvalExpiresOn && facility.approvalExpiresOn < input.startDate) {
          throw badInput(`the facility’s approval expired on ${facility.approvalExpiresOn}`, 'input.facilityId');
        }
        const placements = manager.getRepository(Placement);
        if (await placements.exists({ where: { childId: input.childId, endDate: IsNull() } })) {
          throw conflict(ONE_OPEN_PLACEMENT.placement_one_open_per_child);
        }
        const open = await placements.count({ where: { facilityId: facility.id, ageBand, endDate: IsNull() } });
        const places = placesIn(facility, ageBand);
        const full = open >= places;
        const reason = input.capacityOverrideReason?.trim() || null;
        if (full && !reason) {
          throw conflict(
            `no vacancy left in ${facility.name} for age band ${ageBand} (${open} placed, ${places} approved): choose another facility, or give capacityOverrideReason to place beyond capacity`,
            { facilityId: facility.id, ageBand, places, activePlacements: open },
          );
        }
        const placement = await placements.save(
          placements.create({
            childId: input.childId,
            measureId: input.measureId,
            facilityId: facility.id,
            ageBand,
            startDate: input.startDate,
            plannedEndDate: input.plannedEndDate ?? null,
            endDate: null,
            endReason: null,
            capacityOverrideReason: full ? reason : null,
          }),
        );
        // The association running the facility is asked to take the child in: told in the same
        // transaction, so a placement refused or rolled back notifies no one.
        if (facility.operatorId) {
          await enqueueNotifications(manager, 'placements', [
            { kind: 'PLACEMENT_REQUESTED', recipient: { audience: 'association', partnerId: facility.operatorId }, subjectId: placement.id, dueOn: placement.startDate },
          ]);
        }
        return placement;
      }),
    ONE_OPEN_PLACEMENT,
  );
}

export async function endPlacement(ctx: PlacementsContext, input: EndPlacementInput): Promise<Placement> {
  const writable = ctx.rows.writable('placements');
  return ctx.db.dataSource.transaction(async (manager) => {
    await requireWritable(manager, Placement, 'Placement', input.id, writable);
    const placement = await loadForUpdate(manager, Placement, 'Placement', input.id, input.version);
    if (placement.endDate) throw conflict(`placement ${placement.id} already ended on ${placement.endDate}`);
    if (input.endDate < placement.startDate) {
      throw badInput(`endDate must not be before the start (${placement.startDate})`, 'input.endDate');
    }
    placement.endDate = input.endDate;
    placement.endReason = input.endReason;
    return manager.getRepository(Placement).save(placement);
  });
}
