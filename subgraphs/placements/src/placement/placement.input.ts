import { IsOptional, IsUUID, Length, Max, Min } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '@passerelle/common';
import { PlacementEndReason } from './placement.entity';

@InputType({ description: 'Place a child in a facility under a measure (décision d’orientation).' })
export class PlaceChildInput {
  @Field(() => ID, { description: 'The child (from the cases subgraph).' })
  @IsUUID()
  childId!: string;

  @Field(() => ID, { description: 'The measure the placement carries out (from the cases subgraph).' })
  @IsUUID()
  measureId!: string;

  @Field(() => ID, { description: 'The facility receiving the child.' })
  @IsUUID()
  facilityId!: string;

  @Field(() => Int, {
    nullable: true,
    deprecationReason: 'Ignored: the age band of the place is derived from the child’s birth date on the start date (issue 13).',
    description: 'Ignored (the age band is derived from the child’s birth date).',
  })
  @IsOptional()
  @Min(0)
  @Max(20)
  childAge?: number | null;

  @Field(() => GraphQLLocalDate, { description: 'First day in the facility.' })
  startDate!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Planned last day, usually the measure’s end.' })
  @IsOptional()
  plannedEndDate?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Why the child must be placed although the band is full (accueil en surnombre). Without it, a full band is a CONFLICT; it is recorded only when used.',
  })
  @IsOptional()
  @Length(5, 2000)
  capacityOverrideReason?: string | null;
}

@InputType({ description: 'End a placement (sortie du lieu d’accueil).' })
export class EndPlacementInput {
  @Field(() => ID, { description: 'The placement.' })
  @IsUUID()
  id!: string;

  @Field(() => Int, { description: 'The `version` you read: CONFLICT if the placement changed since.' })
  version!: number;

  @Field(() => GraphQLLocalDate, { description: 'Last day in the facility.' })
  endDate!: string;

  @Field(() => PlacementEndReason, { description: 'Why it ends.' })
  endReason!: PlacementEndReason;
}

@ArgsType()
export class VacancySearchArgs extends PageArgs {
  @Field(() => Int, { description: 'Age of the child to place, in full years (0 to 20).' })
  @Min(0)
  @Max(20)
  childAge!: number;

  @Field({ description: 'INSEE code of the commune where a place is sought (e.g. 44109 for Nantes).' })
  @Length(5, 5)
  communeCode!: string;

  @Field({
    defaultValue: true,
    description:
      'Also search the communes nearby, that is the same arrondissement of Loire-Atlantique (Nantes, Saint-Nazaire or Châteaubriant-Ancenis); a commune outside the list is near only to itself.',
  })
  nearby: boolean = true;
}
