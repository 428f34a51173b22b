import { runSubgraphMain } from '@passerelle/common';
import { casesSubgraph } from './server';

/** Runs the cases subgraph alone: `node subgraphs/cases/dist/main.js` (DATABASE_URL required). */
runSubgraphMain(casesSubgraph, 'CASES_PORT');
