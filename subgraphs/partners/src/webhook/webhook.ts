import {
  Access,
  badInput,
  forbidden,
  newWebhookSecret,
  notFound,
  readConfig,
  requireUuid,
  webhookEndpoints,
  webhookUrlProblem,
  type Principal,
  type WebhookEndpoint,
} from '@passerelle/common';
import { MaxLength, MinLength } from 'class-validator';
import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { PartnersContext } from '../context';
import { Partner } from '../partner/partner.entity';

/**
 * An institution's webhook (issue 13; contract in docs/NOTIFICATIONS.md): where its
 * notifications are POSTed, signed with its secret. Set by the institution's own administrator
 * or by the département (matrix WEBHOOK_SETTINGS, scope `webhook:admin`); the secret is written,
 * never read back. The table is platform infrastructure (`notify.webhook_endpoint`, read by the
 * cases and placements dispatchers), written here because the institutions live here.
 */
@Access('WEBHOOK_SETTINGS')
@ObjectType({ description: 'An institution’s webhook for its notifications (the signing secret is never shown again).' })
export class Webhook {
  @Field(() => ID, { description: 'The institution.' })
  partnerId!: string;

  @Field({ description: 'Where notifications are POSTed.' })
  url!: string;

  @Field({ description: 'When it was last set.' })
  updatedAt!: Date;

  @Field(() => String, {
    nullable: true,
    description: 'The signing secret Passerelle generated, in the answer to `setWebhook` without a `secret` only: keep it, it is never shown again. Null otherwise.',
  })
  newSecret!: string | null;
}

@InputType({ description: 'An institution’s webhook.' })
export class SetWebhookInput {
  @Field(() => ID, { description: 'The institution: your own, or any for the département.' })
  partnerId!: string;

  @Field({ description: 'Where to POST notifications: an absolute https URL (http only outside production), without credentials.' })
  @MaxLength(2000)
  url!: string;

  @Field(() => String, { nullable: true, description: 'The signing secret (32 to 200 characters). Absent: Passerelle generates one and returns it once in `newSecret`.' })
  @MinLength(32)
  @MaxLength(200)
  secret?: string | null;
}

const shown = (endpoint: WebhookEndpoint, newSecret: string | null = null): Webhook =>
  Object.assign(new Webhook(), { partnerId: endpoint.partnerId, url: endpoint.url, updatedAt: endpoint.updatedAt, newSecret });

/**
 * The institution's own members or the département: anyone else's is refused, worded as for an
 * institution that does not exist, before anything is read.
 */
async function requireWebhookOwner(ctx: PartnersContext, raw: string, argument: string): Promise<string> {
  const partnerId = requireUuid(raw, argument).toLowerCase();
  const principal: Principal = ctx.principal;
  const whole = principal.audience === 'department' || principal.audience === 'system';
  if (!whole && partnerId !== principal.partnerId.toLowerCase()) {
    throw forbidden('this institution’s webhook is not yours to see or set, or the institution does not exist');
  }
  if (whole && !(await ctx.db.dataSource.getRepository(Partner).existsBy({ id: partnerId }))) throw notFound('Partner', partnerId);
  return partnerId;
}

@Resolver(() => Webhook)
export class WebhookResolver {
  @Access('WEBHOOK_SETTINGS')
  @Query(() => Webhook, { nullable: true, description: 'An institution’s webhook (yours; any for the département), or null when it has none. Null, with a FORBIDDEN error, without the scope webhook:admin.' })
  async webhook(@Ctx() ctx: PartnersContext, @Arg('partnerId', () => ID, { description: 'The institution.' }) partnerId: string): Promise<Webhook | null> {
    const id = await requireWebhookOwner(ctx, partnerId, 'partnerId');
    const endpoint = await webhookEndpoints.get(ctx.db.dataSource, id);
    return endpoint ? shown(endpoint) : null;
  }

  @Access('WEBHOOK_SETTINGS')
  @Mutation(() => Webhook, {
    description: 'Sets (or replaces) an institution’s webhook. The URL is checked (https in production); without `secret`, one is generated and returned once.',
  })
  async setWebhook(@Ctx() ctx: PartnersContext, @Arg('input', { description: 'The webhook.' }) input: SetWebhookInput): Promise<Webhook> {
    const id = await requireWebhookOwner(ctx, input.partnerId, 'input.partnerId');
    const problem = webhookUrlProblem(input.url, readConfig(['NODE_ENV']).NODE_ENV === 'production');
    if (problem) throw badInput(`the webhook URL ${problem}`, 'input.url');
    const generated = input.secret ? null : newWebhookSecret();
    const endpoint = await webhookEndpoints.set(ctx.db.dataSource, { partnerId: id, url: input.url, secret: input.secret ?? generated!, updatedBy: ctx.principal.sub });
    return shown(endpoint, generated);
  }

  @Access('WEBHOOK_SETTINGS')
  @Mutation(() => Boolean, { description: 'Removes an institution’s webhook: its notifications stay in its inbox only. False when it had none.' })
  async removeWebhook(@Ctx() ctx: PartnersContext, @Arg('partnerId', () => ID, { description: 'The institution.' }) partnerId: string): Promise<boolean> {
    const id = await requireWebhookOwner(ctx, partnerId, 'partnerId');
    return webhookEndpoints.remove(ctx.db.dataSource, id);
  }
}
