import { Access, type Page, PageArgs } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Agreement } from '../agreement/agreement.entity';
import { agreementService } from '../agreement/agreement.service';
import { DataCategory } from '../agreement/data-category';
import {
  AgreementConnection,
  EnrollmentConnection,
  HealthFollowUpConnection,
  PartnerConnection,
  PartnerMemberConnection,
} from '../connections';
import type { PartnersContext } from '../context';
import { Enrollment } from '../enrollment/enrollment.entity';
import { enrollmentService } from '../enrollment/enrollment.service';
import { HealthFollowUp } from '../health/health-follow-up.entity';
import { healthFollowUpService } from '../health/health-follow-up.service';
import { PartnerMember } from '../member/member.entity';
import { memberService } from '../member/member.service';
import { naturalCode, Partner } from './partner.entity';
import { ClosePartnerArgs, CreatePartnerInput, PartnerFilterArgs, UpdatePartnerInput } from './partner.input';
import { partnerService } from './partner.service';


@Resolver(() => Partner)
export class PartnerResolver {
  @Access('DIRECTORY')
  @Query(() => Partner, { description: 'One institution by id; NOT_FOUND when there is none.' })
  partner(@Ctx() ctx: PartnersContext, @Arg('id', () => ID, { description: 'The institution’s id.' }) id: string): Promise<Partner> {
    return partnerService.get(ctx, id);
  }

  @Access('DIRECTORY')
  @Query(() => PartnerConnection, {
    description: 'Institutions by name, a page at a time; search by kind, natural code, commune, jurisdiction, name, status.',
  })
  partners(@Ctx() ctx: PartnersContext, @Args() filter: PartnerFilterArgs, @Args() page: PageArgs): Promise<Page<Partner>> {
    return partnerService.list(ctx, filter, page);
  }

  @Access('DIRECTORY_ADMINISTRATION')
  @Mutation(() => Partner, { description: 'Records a new institution (codes are checked; a taken code is BAD_USER_INPUT).' })
  createPartner(@Ctx() ctx: PartnersContext, @Arg('input', { description: 'The institution.' }) input: CreatePartnerInput): Promise<Partner> {
    return partnerService.create(ctx, input);
  }

  @Access('DIRECTORY_ADMINISTRATION')
  @Mutation(() => Partner, { description: 'Changes an institution; CONFLICT when `version` is not the current one.' })
  updatePartner(
    @Ctx() ctx: PartnersContext,
    @Arg('id', () => ID, { description: 'The institution.' }) id: string,
    @Arg('version', () => Int, { description: 'The version you read (optimistic locking).' }) version: number,
    @Arg('input', { description: 'The changes.' }) input: UpdatePartnerInput,
  ): Promise<Partner> {
    return partnerService.update(ctx, id, version, input);
  }

  @Access('DIRECTORY_ADMINISTRATION')
  @Mutation(() => Partner, {
    description: 'Closes an institution (fermeture): it keeps its history but gets no access; CONFLICT on a stale version.',
  })
  closePartner(@Ctx() ctx: PartnersContext, @Args() args: ClosePartnerArgs): Promise<Partner> {
    return partnerService.close(ctx, args.id, args.version, args.closedOn);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The code the institution is best known by: UAI, else SIRET, else FINESS.',
  })
  code(@Root() partner: Partner): string | null {
    return naturalCode(partner);
  }

  @Access('PARTNER_ADMINISTRATION')
  @FieldResolver(() => PartnerMemberConnection, { description: 'The people acting for the institution, by family name.' })
  members(@Root() partner: Partner, @Args() page: PageArgs, @Ctx() ctx: PartnersContext): Promise<Page<PartnerMember>> {
    return memberService.ofPartner(ctx, partner.id, page);
  }

  @Access('PARTNER_ADMINISTRATION')
  @FieldResolver(() => AgreementConnection, { description: 'The institution’s agreements, newest first.' })
  agreements(
    @Root() partner: Partner,
    @Args() page: PageArgs,
    @Ctx() ctx: PartnersContext,
    @Arg('inForceOn', () => GraphQLLocalDate, { nullable: true, description: 'Only those in force on this day.' })
    inForceOn?: string | null,
  ): Promise<Page<Agreement>> {
    return agreementService.ofPartner(ctx, partner.id, page, inForceOn ?? null);
  }

  @Access('PARTNER_ADMINISTRATION')
  @FieldResolver(() => [DataCategory], {
    description: 'The data categories its agreements in force open to it on a day (none once closed).',
  })
  async grantedDataCategories(
    @Root() partner: Partner,
    @Ctx() ctx: PartnersContext,
    @Arg('on', () => GraphQLLocalDate, { nullable: true, description: 'The day (default: today in France).' }) on?: string | null,
  ): Promise<DataCategory[]> {
    const granted = await agreementService.grantedCategories(ctx, partner.id, on);
    return Object.values(DataCategory).filter((category) => granted.has(category));
  }

  @Access('SCHOOLING')
  @FieldResolver(() => EnrollmentConnection, { nullable: true, description: 'A school’s pupils’ enrolments, newest first (empty for other kinds). Null, with a FORBIDDEN error, when the institution’s agreements do not grant SCHOOLING.' })
  enrollments(
    @Root() partner: Partner,
    @Args() page: PageArgs,
    @Ctx() ctx: PartnersContext,
    @Arg('on', () => GraphQLLocalDate, { nullable: true, description: 'Only enrolments in force on this day (the school’s slice that day).' })
    on?: string | null,
  ): Promise<Page<Enrollment>> {
    return enrollmentService.ofSchool(ctx, partner.id, page, on ?? null);
  }

  @Access('HEALTH_FOLLOW_UP')
  @FieldResolver(() => HealthFollowUpConnection, { nullable: true, description: 'A PMI centre’s follow-ups, newest first (empty for other kinds). Null, with a FORBIDDEN error, when the institution’s agreements do not grant HEALTH_FOLLOW_UP.' })
  healthFollowUps(
    @Root() partner: Partner,
    @Args() page: PageArgs,
    @Ctx() ctx: PartnersContext,
    @Arg('on', () => GraphQLLocalDate, { nullable: true, description: 'Only follow-ups in force on this day (the centre’s slice that day).' })
    on?: string | null,
  ): Promise<Page<HealthFollowUp>> {
    return healthFollowUpService.ofPmi(ctx, partner.id, page, on ?? null);
  }
}
