import { AUDIENCES, ConfigError, createDatabase, isAudience, isUuid, readConfig, runMain } from '@passerelle/common';
import { signDevToken } from '@passerelle/gateway';
import { findPartner, partnersSubgraph } from '@passerelle/partners';
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
  let partnerId = args.partner;
  if (!isUuid(partnerId)) {
    const config = readConfig(['DATABASE_URL', 'EMBEDDED_PG_PORT']);
    const url = config.DATABASE_URL ?? `postgres://postgres:passerelle@127.0.0.1:${config.EMBEDDED_PG_PORT}/passerelle`;
    const db = createDatabase({ url, schema: 'partners', entities: partnersSubgraph.entities, migrations: [] });
    try {
      await db.dataSource.initialize();
    } catch {
      throw new ConfigError('--partner', `is a code, and the database at ${new URL(url).host} is not reachable: start Passerelle first (npm start), or give the partner's id`);
    }
    const partner = await findPartner(db.dataSource, partnerId);
    await db.dataSource.destroy();
    if (!partner) throw new ConfigError('--partner', `"${args.partner}" matches no partner code`);
    partnerId = partner.id;
  }
  const config = readConfig(['JWT_SECRET', 'JWT_ISSUER', 'JWT_AUDIENCE']);
  const token = await signDevToken({
    audience,
    partnerId,
    sub: typeof args.sub === 'string' ? args.sub : `dev-${audience}`,
    scopes: typeof args.scope === 'string' ? args.scope.split(' ').filter(Boolean) : [],
    ttlSeconds: ttl,
    secret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER,
    tokenAudience: config.JWT_AUDIENCE,
  });
  process.stdout.write(`${token}\n`);
});
