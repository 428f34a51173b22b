import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Make a member of the département (or the CRIP) one of a child’s référents ASE.' })
export class AssignReferentInput {
  @Field(() => ID, { description: 'The child.' })
  childId!: string;

  @Field(() => ID, { description: 'The member (PartnerMember id): an active member of the département or the CRIP.' })
  memberId!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'First day as référent; today if absent, never in the future.' })
  since?: string | null;
}

@InputType({ description: 'A member stops being a child’s référent ASE (the history is kept).' })
export class EndReferentInput {
  @Field(() => ID, { description: 'The child.' })
  childId!: string;

  @Field(() => ID, { description: 'The member (PartnerMember id) who is one of its current référents.' })
  memberId!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'The last day as référent; today if absent, never in the future nor before they started.' })
  until?: string | null;
}
