import { IsOptional, Length, Max, Min } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { MeasureDecider, MeasureKind } from './measure.enums';

@InputType({ description: 'A measure to propose for a child (proposition de mesure).' })
export class ProposeMeasureInput {
  @Field(() => ID, { description: 'The child.' })
  childId!: string;

  @Field(() => MeasureKind, { description: 'Kind of measure.' })
  kind!: MeasureKind;

  @Field({ description: 'Ordered by a judge (true) or administrative with the parents’ agreement (false).' })
  judicial!: boolean;

  @Field(() => MeasureDecider, {
    nullable: true,
    description: 'Who decided it: by default a judge for a judicial measure, the département otherwise; PROSECUTOR for an OPP ordered by the parquet (CC 375-5).',
  })
  decidedBy?: MeasureDecider | null;

  @Field(() => ID, { nullable: true, description: 'The concern it follows from, if any.' })
  concernId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Judicial measures: the children’s court (a Partner).' })
  courtId?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Judicial measures: date of the judge’s decision.' })
  decisionDate?: string | null;

  @Field(() => GraphQLLocalDate, { description: 'Planned first day.' })
  startDate!: string;

  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description: 'Planned last day; by default 1 year for an administrative measure, 2 years for a judicial one (CC 375).',
  })
  plannedEndDate?: string | null;

  @Field(() => ID, { nullable: true, description: 'The association carrying it out (a Partner), if not the ASE itself.' })
  operatorId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'AED, VOLUNTARY_CARE, YOUNG_ADULT: the family’s written agreement it rests on (recordFamilyAgreement); it must be signed and in force over the measure’s dates, here or at activation (rule WRITTEN_AGREEMENT). By default the planned end is the agreement’s last day when that comes first.',
  })
  familyAgreementId?: string | null;
}

@InputType({ description: 'Put a proposed measure in force: PROPOSED → ACTIVE.' })
export class ActivateMeasureInput {
  @Field(() => ID, { description: 'The measure.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Actual first day, if not the planned one.' })
  startDate?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Judicial measures: date of the judge’s decision, if not recorded yet.' })
  decisionDate?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'AED, VOLUNTARY_CARE, YOUNG_ADULT: the family’s written agreement it rests on, if not named at proposal. Without one signed and in force over its dates it does not come into force (BAD_USER_INPUT, rule WRITTEN_AGREEMENT).',
  })
  familyAgreementId?: string | null;
}

@InputType({ description: 'Renew a measure by reasoned decision (renouvellement): ACTIVE | RENEWED → RENEWED.' })
export class RenewMeasureInput {
  @Field(() => ID, { description: 'The measure.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field(() => GraphQLLocalDate, { description: 'Date of the renewal decision.' })
  decisionDate!: string;

  @Field(() => GraphQLLocalDate, { description: 'New planned last day, after the current one.' })
  newEndDate!: string;

  @Field({ description: 'Why it is renewed.' })
  @Length(1, 5000)
  reason!: string;
}

@InputType({ description: 'End a measure (ENDED), or lift a judicial one (mainlevée, LIFTED).' })
export class CloseMeasureInput {
  @Field(() => ID, { description: 'The measure.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field(() => GraphQLLocalDate, { description: 'Last day of the measure.' })
  on!: string;

  @Field(() => String, { nullable: true, description: 'Why (required for a mainlevée).' })
  @IsOptional()
  @Length(1, 5000)
  reason?: string | null;
}

@ArgsType()
export class MeasuresEndingArgs {
  @Field(() => Int, { description: 'Open measures whose planned end falls within this many days (the judge’s 2 months: 61).' })
  @Min(0)
  @Max(366)
  withinDays!: number;
}
