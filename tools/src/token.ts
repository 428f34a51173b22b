import { AUDIENCES, createDatabase, embeddedUrl, integerFlag, isAudience, isUuid, parseCommand, readConfig, runMain, UsageError } from '@passerelle/common';
import { signDevToken } from '@passerelle/gateway';
import { findPartner, firstActiveMember, partnersSubgraph } from '@passerelle/partners';

/**
 * `npm run token -- --audience <a> --partner <code or id> [--sub <member>] [--ttl <s>] [--scope "<s> <s>"]`
 * prints a development token (HS256, JWT_SECRET) for the seeded data, to try each audience.
 * A partner given by code (UAI, SIRET…) is looked up in the running platform's database.
 */
runMain(async () => {
  const spec = {
    command: 'npm run token',
    usage: '--audience A --partner CODE_OR_ID [--sub MEMBER_ID] [--ttl SECONDS] [--scope "S S"]',
    flags: { audience: 'string', partner: 'string', sub: 'string', ttl: 'string', scope: 'string' },
  } as const;
  const { flags: args } = parseCommand(spec, process.argv.slice(2));
  const fail = (message: string) => new UsageError(`${spec.command}: ${message}`);
  const audience = args.audience;
  if (!isAudience(audience)) throw fail(`--audience must be one of ${AUDIENCES.join(', ')}${audience ? `, got "${audience}"` : ''}`);
  if (args.partner === undefined) throw fail('--partner is required: a partner code (UAI, SIRET…) or id');
  const ttl = integerFlag(spec, 'ttl', args.ttl, 3600, 1);
  // The partner (by code or id) and, unless --sub names one, its first active member, from the
  // running platform's database: a token must name a real member of a real institution.
  let partnerId = args.partner;
  let sub = args.sub ?? null;
  if (!isUuid(partnerId) || !sub) {
    const config = readConfig(['DATABASE_URL', 'EMBEDDED_PG_PORT']);
    const url = config.DATABASE_URL ?? embeddedUrl(config.EMBEDDED_PG_PORT, 'passerelle');
    const db = createDatabase({ url, schema: 'partners', entities: partnersSubgraph.entities, migrations: [] });
    try {
      await db.dataSource.initialize();
    } catch {
      throw fail(
        `--partner needs the database at ${new URL(url).host} to find the partner and a member: start Passerelle first (npm start), or give both --partner ID and --sub MEMBER_ID`,
      );
    }
    try {
      const partner = await findPartner(db.dataSource, partnerId).catch((error: { code?: string }) => {
        if (error.code === '42P01') throw fail('no partners in this database yet: start Passerelle first (npm start), which creates and seeds them');
        throw error;
      });
      if (!partner) throw fail(`--partner "${args.partner}" is no partner's code or id (is the demo data seeded? npm start seeds it)`);
      partnerId = partner.id;
      if (!sub) {
        const member = await firstActiveMember(db.dataSource, partner.id);
        if (!member) throw fail(`--sub is needed: ${partner.name} has no active member`);
        sub = member.id;
        process.stderr.write(`token for ${member.firstName} ${member.lastName} (${member.role}), ${partner.name}, as ${audience}\n`);
      }
    } finally {
      await db.dataSource.destroy();
    }
  }
  const config = readConfig(['JWT_SECRET', 'JWT_ISSUER', 'JWT_AUDIENCE']);
  const token = await signDevToken({
    audience,
    partnerId,
    sub,
    scopes: args.scope ? args.scope.split(' ').filter(Boolean) : [],
    ttlSeconds: ttl,
    secret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER,
    tokenAudience: config.JWT_AUDIENCE,
  });
  process.stdout.write(`${token}\n`);
});
