import { runSubgraphMain } from '@passerelle/common';
import { placementsSubgraph } from './server';

/** Runs the placements subgraph alone: `node subgraphs/placements/dist/main.js` (DATABASE_URL required). */
runSubgraphMain(placementsSubgraph, 'PLACEMENTS_PORT');
