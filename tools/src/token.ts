import { AUDIENCES, ConfigError, createDatabase, embeddedUrl, isAudience, isUuid, readConfig, runMain } from '@passerelle/common';
import { signDevToken } from '@passerelle/gateway';
import { findPartner, firstActiveMember, partnersSubgraph } from '@passerelle/partners';
import { parseArgs } from './args';

/**
 * `npm run token -- --audience <a> --partner <code or id> [--sub <member>] [--ttl <s>] [--scope "<s> <s>"]`
 * prints a development token (HS256, JWT_SECRET) for the seeded data, to try each audience.
 * A partner given by code (UAI, SIRET…) is looked up in the running platform's database.
 */
runMain(async () => {
  const args = parseArgs(process.argv.slice(2));
  const audience = args.audience;
  if (!isAudience(audience)) throw new ConfigError('--audience', `must be one of ${AUDIENCES.join(', ')}`);
  if (typeof args.partner !== 'string') throw new ConfigError('--partner', 'is required: a partner code (UAI, SIRET…) or id');
  const ttl = args.ttl === undefined ? 3600 : Number(args.ttl);
  if (!Number.isInteger(ttl) || ttl <= 0) throw new ConfigError('--ttl', 'must be a number of seconds');
  // The partner (by code or id) and, unless --sub names one, its first active member, from the
  // running platform's database: a token must name a real member of a real institution.
  let partnerId = args.partner;
  let sub = typeof args.sub === 'string' ? args.sub : null;
  if (!isUuid(partnerId) || !sub) {
    const config = readConfig(['DATABASE_URL', 'EMBEDDED_PG_PORT']);
    const url = config.DATABASE_URL ?? embeddedUrl(config.EMBEDDED_PG_PORT, 'passerelle');
    const db = createDatabase({ url, schema: 'partners', entities: partnersSubgraph.entities, migrations: [] });
    try {
      await db.dataSource.initialize();
    } catch {
      throw new ConfigError(
        '--partner',
        `needs the database at ${new URL(url).host} to find the partner and a member: start Passerelle first (npm start), or give both --partner ID and --sub MEMBER_ID`,
      );
    }
    try {
      const partner = await findPartner(db.dataSource, partnerId);
      if (!partner) throw new ConfigError('--partner', `"${args.partner}" is no partner's code or id`);
      partnerId = partner.id;
      if (!sub) {
        const member = await firstActiveMember(db.dataSource, partner.id);
        if (!member) throw new ConfigError('--sub', `is needed: ${partner.name} has no active member`);
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
    scopes: typeof args.scope === 'string' ? args.scope.split(' ').filter(Boolean) : [],
    ttlSeconds: ttl,
    secret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER,
    tokenAudience: config.JWT_AUDIENCE,
  });
  process.stdout.write(`${token}\n`);
});
