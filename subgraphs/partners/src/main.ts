import { runSubgraphMain } from '@passerelle/common';
import { partnersSubgraph } from './server';

/** Runs the partners subgraph alone: `node subgraphs/partners/dist/main.js` (DATABASE_URL required). */
runSubgraphMain(partnersSubgraph, 'PARTNERS_PORT');
