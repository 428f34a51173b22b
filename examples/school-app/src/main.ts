import { createClient, PasserelleError } from './client';
import { ConcernStatusDocument as ConcernStatus, PupilsDocument as Pupils, SubmitConcernDocument as SubmitConcern, type PupilsQuery } from './gql/graphql';

/**
 * A school secretary's three jobs, as a school's application does them on Passerelle:
 *   1. list the pupils the school may see (its enrolled children), page after page;
 *   2. submit an information préoccupante about one of them;
 *   3. read the concern's status, which is all a school is told of it afterwards.
 * Configuration: PASSERELLE_URL (the gateway's /graphql), PASSERELLE_TOKEN (the member's bearer
 * token), SCHOOL_ID (the school's institution id, its UAI). Prints one line per step.
 */
async function main(): Promise<void> {
  const url = process.env.PASSERELLE_URL ?? 'http://127.0.0.1:4000/graphql';
  const token = process.env.PASSERELLE_TOKEN;
  const school = process.env.SCHOOL_ID;
  if (!token || !school) throw new Error('set PASSERELLE_TOKEN and SCHOOL_ID (npm run token -- --audience school --partner <UAI>)');
  const run = createClient(url, token);

  const pupils: { id: string; name: string }[] = [];
  let after: string | null = null;
  do {
    const page: PupilsQuery = await run(Pupils, { first: 50, after });
    for (const child of page.children.nodes) pupils.push({ id: child.id, name: `${child.firstNames ?? ''} ${child.lastName ?? ''}`.trim() });
    after = page.children.pageInfo.hasNextPage ? (page.children.pageInfo.endCursor ?? null) : null;
  } while (after);
  process.stdout.write(`pupils ${pupils.length}\n`);
  if (pupils.length === 0) throw new Error('no pupil to report a concern about');

  const [pupil] = pupils;
  const { submitConcern } = await run(SubmitConcern, {
    input: {
      idempotencyKey: `school-app-${school}-${pupil!.id}`,
      channel: 'FORM',
      sourceKind: 'SCHOOL',
      sourcePartnerId: school,
      childIds: [pupil!.id],
      urgency: 'NORMAL',
      content: 'Élève fatiguée et inquiète depuis plusieurs semaines, absences répétées le lundi.',
      parentsInformed: true,
    },
  });
  process.stdout.write(`concern ${submitConcern.id} ${submitConcern.status}\n`);

  const { concern } = await run(ConcernStatus, { id: submitConcern.id });
  process.stdout.write(`status ${concern.id} ${concern.status} ${concern.senderOutcome}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof PasserelleError ? `${error.code}: ${error.message}\n` : `${(error as Error).message}\n`);
  process.exit(1);
});
