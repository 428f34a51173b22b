/**
 * "Ending a measure flags its open placements": a placement needs review when the measure it
 * carries out is closed (ended or lifted; cases' `Measure.closedOn`) while the placement is
 * still open. Placements never reads cases' tables: the gateway brings `closedOn`.
 */
export function placementsNeedReview(closedOn: string | null | undefined, openPlacements: number): boolean {
  return !!closedOn && openPlacements > 0;
}
