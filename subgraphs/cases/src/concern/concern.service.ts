import { badInput, conflict, loadForUpdate, notFound, paginate, requireUuid, type Page, type PageArgs } from '@passerelle/common';
import { createHash } from 'node:crypto';
import { In, IsNull, QueryFailedError, type EntityManager } from 'typeorm';
import { requireWritable, scoped } from '../access/scoped-rows';
import { Child } from '../child/child.entity';
import { childService } from '../child/child.service';
import type { CasesContext } from '../context';
import { ConcernChild } from './concern-child.entity';
import { Concern } from './concern.entity';
import { ConcernSourceKind, ConcernStatus, SenderFeedback } from './concern.enums';
import type { ConcernFilter, RecordParentsInformationInput, RecordSenderFeedbackInput, SubmitConcernInput } from './concern.input';
import { notifySender } from '../notification/notification';
import { FINAL_CONCERN_STATUSES, moveConcern, toldToSender } from './concern.lifecycle';

/** A stable fingerprint of a submission, to tell a retry from another concern reusing a key. */
function fingerprint(input: Submission): string {
  const canonical = JSON.stringify({
    receivedAt: input.receivedAt ? new Date(input.receivedAt).toISOString() : null,
    channel: input.channel,
    sourceKind: input.sourceKind,
    sourcePartnerId: input.sourcePartnerId?.toLowerCase() ?? null,
    sourcePersonName: input.sourcePersonName ?? null,
    urgency: input.urgency,
    content: input.content,
    childIds: [...input.childIds].map((id) => id.toLowerCase()).sort(),
    newChildren: input.newChildren.map((c) => [c.firstNames, c.lastName, c.birthDate, c.sex]),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

type Submission = SubmitConcernInput & { sourceKind: ConcernSourceKind; sourcePartnerId: string | null };

function checkSubmission(input: Submission): void {
  if (input.childIds.length + input.newChildren.length === 0) {
    throw badInput('a concern names at least one child (childIds or newChildren)', 'input.childIds');
  }
  input.childIds.forEach((id, i) => requireUuid(id, `input.childIds.${i}`));
  if (new Set(input.childIds.map((id) => id.toLowerCase())).size !== input.childIds.length) {
    throw badInput('the same child is named twice', 'input.childIds');
  }
  if (input.sourcePartnerId) requireUuid(input.sourcePartnerId, 'input.sourcePartnerId');
  if (input.sourceKind === ConcernSourceKind.ANONYMOUS && (input.sourcePersonName || input.sourcePartnerId)) {
    throw badInput('an anonymous concern has no source person or institution', 'input.sourceKind');
  }
  if (input.receivedAt && new Date(input.receivedAt).getTime() > Date.now() + 60_000) {
    throw badInput('receivedAt cannot be in the future', 'input.receivedAt');
  }
  if (input.parentsInformed === false && !input.parentsNotInformedReason) {
    throw badInput('when the parents are not informed, say why (CASF L226-2-1)', 'input.parentsNotInformedReason');
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === '23505';
}

/** The concern a sender already submitted with this key, if the submission is the same; CONFLICT if not. */
async function replay(manager: EntityManager, partnerId: string | null, key: string, hash: string): Promise<Concern | null> {
  const existing = await manager
    .getRepository(Concern)
    .findOneBy({ idempotencyKey: key, sourcePartnerId: partnerId ?? IsNull() });
  if (!existing) return null;
  if (existing.requestHash !== hash) {
    // Says nothing of the other concern: the key is the sender's to keep unique.
    throw conflict(`idempotency key "${key}" was already used for a different concern: use a new key for a new concern`, {
      argument: 'input.idempotencyKey',
    });
  }
  return existing;
}

export const concernService = {
  async get(ctx: CasesContext, id: string): Promise<Concern> {
    const concern = await ctx.loaders.concernById.load(requireUuid(id, 'id'));
    if (!concern) throw ctx.rows.absent('Concern', id);
    return concern;
  },

  list(ctx: CasesContext, filter: ConcernFilter | null | undefined, page: PageArgs): Promise<Page<Concern>> {
    const qb = scoped(ctx.db.dataSource.getRepository(Concern).createQueryBuilder('w'), ctx.rows.read.concerns);
    // A sender filters on what it was told, not on the processing it has not been told of.
    if (filter?.status?.length) {
      qb.andWhere(`${ctx.rows.concernStatusSql} IN (:...statuses)`, { statuses: filter.status, __me: ctx.principal.partnerId });
    }
    if (filter?.sourcePartnerId) {
      qb.andWhere('w.source_partner_id = :partner', { partner: requireUuid(filter.sourcePartnerId, 'filter.sourcePartnerId') });
    }
    return paginate(qb, page, { property: 'receivedAt', direction: 'DESC' });
  },

  /** Creates the concern and the links to its children, or returns the one a retry already created. */
  async submit(ctx: CasesContext, submitted: SubmitConcernInput): Promise<Concern> {
    if (submitted.sourcePartnerId) requireUuid(submitted.sourcePartnerId, 'input.sourcePartnerId');
    // Any institution may submit, in its own name and as its own kind: the row policy says which.
    const input: Submission = {
      ...submitted,
      sourcePartnerId: ctx.rows.concernSource(submitted.sourcePartnerId),
      sourceKind: ctx.rows.concernSourceKind(submitted.sourceKind),
    };
    checkSubmission(input);
    const key = input.idempotencyKey ?? null;
    const partnerId = input.sourcePartnerId;
    const hash = fingerprint(input);
    try {
      return await ctx.db.dataSource.transaction(async (manager) => {
        if (key) {
          const existing = await replay(manager, partnerId, key, hash);
          if (existing) return existing;
        }
        const named = input.childIds.map((id) => id.toLowerCase());
        const known = new Set((await manager.getRepository(Child).findBy({ id: In(named) })).map((c) => c.id));
        const missing = named.findIndex((id) => !known.has(id));
        if (missing >= 0 && ctx.rows.unknownConcernChildren === 'NOT_FOUND') throw notFound('Child', input.childIds[missing]!);
        // A sender that may not see every child names some it does not see: they are linked if
        // they exist, kept for the CRIP to match if not, and the answer is the same either way.
        const childIds = named.filter((id) => known.has(id));
        const unmatchedChildIds = named.filter((id) => !known.has(id));
        for (const [i, newChild] of input.newChildren.entries()) {
          childIds.push((await childService.insert(manager, newChild, `input.newChildren.${i}`)).id);
        }
        const repository = manager.getRepository(Concern);
        const concern = await repository.save(
          repository.create({
            receivedAt: input.receivedAt ? new Date(input.receivedAt) : new Date(),
            channel: input.channel,
            sourceKind: input.sourceKind,
            sourcePartnerId: partnerId,
            sourcePersonName: input.sourcePersonName ?? null,
            sourcePersonContact: input.sourcePersonContact ?? null,
            urgency: input.urgency,
            content: input.content,
            unmatchedChildIds,
            status: ConcernStatus.RECEIVED,
            idempotencyKey: key,
            requestHash: hash,
            parentsInformed: input.parentsInformed ?? null,
            parentsNotInformedReason: input.parentsInformed === false ? input.parentsNotInformedReason! : null,
            senderFeedback: SenderFeedback.NOT_INFORMED,
          }),
        );
        if (childIds.length > 0) {
          await manager
            .getRepository(ConcernChild)
            .insert(childIds.map((childId) => ({ concernId: concern.id, childId, receivedAt: concern.receivedAt })));
        }
        return concern;
      });
    } catch (error) {
      // Two retries raced: the other one created it; answer as the replay would have.
      if (key && isUniqueViolation(error)) {
        const existing = await replay(ctx.db.dataSource.manager, partnerId, key, hash);
        if (existing) return existing;
      }
      throw error;
    }
  },

  acknowledge(ctx: CasesContext, id: string, version: number): Promise<Concern> {
    const concernId = requireUuid(id, 'id');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, Concern, 'Concern', concernId, ctx.rows.write.concerns);
      const concern = await loadForUpdate(manager, Concern, 'Concern', concernId, version);
      return moveConcern(manager, concern, ConcernStatus.ACKNOWLEDGED, 'id');
    });
  },

  recordParentsInformation(ctx: CasesContext, input: RecordParentsInformationInput): Promise<Concern> {
    const id = requireUuid(input.id, 'input.id');
    if (!input.informed && !input.reason) {
      throw badInput('when the parents are not informed, say why (CASF L226-2-1)', 'input.reason');
    }
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, Concern, 'Concern', id, ctx.rows.write.concerns);
      const concern = await loadForUpdate(manager, Concern, 'Concern', id, input.version);
      concern.parentsInformed = input.informed;
      concern.parentsNotInformedReason = input.informed ? null : input.reason!;
      return manager.save(concern);
    });
  },

  recordSenderFeedback(ctx: CasesContext, input: RecordSenderFeedbackInput): Promise<Concern> {
    const id = requireUuid(input.id, 'input.id');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, Concern, 'Concern', id, ctx.rows.write.concerns);
      const concern = await loadForUpdate(manager, Concern, 'Concern', id, input.version);
      if (input.feedback === SenderFeedback.OUTCOME_SENT && !FINAL_CONCERN_STATUSES.includes(concern.status)) {
        throw badInput(`Concern ${id} is ${concern.status}: its outcome is not known yet`, 'input.feedback');
      }
      if (input.feedback === SenderFeedback.RECEIPT_CONFIRMED && concern.status === ConcernStatus.RECEIVED) {
        throw badInput(`Concern ${id} is ${concern.status}: acknowledge it before confirming receipt`, 'input.feedback');
      }
      if (input.feedback === SenderFeedback.NOT_INFORMED) {
        throw badInput('NOT_INFORMED is not something that can be sent', 'input.feedback');
      }
      const before = toldToSender(concern);
      concern.senderFeedback = input.feedback;
      concern.senderInformedAt = new Date();
      const saved = await manager.save(concern);
      await notifySender(manager, before, saved);
      return saved;
    });
  },
};
