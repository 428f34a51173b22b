/**
 * What this subgraph relies on from the others, beyond entity keys.
 *
 * `Measure.closedOn` (cases subgraph, `LocalDate`, nullable): the day a measure ended or was
 * lifted. `Measure.placementsNeedReview` `@requires` it. Composition rejects an `@external`
 * field that no other subgraph defines, so the fields depending on it join the schema only
 * when this is true: set it to true in the change that merges cases' `Measure.closedOn`, then
 * regenerate the supergraph (the e2e test test/placements-measure-review.e2e.ts runs then).
 */
export const CASES_PROVIDES_MEASURE_CLOSED_ON = false;
