import { ArrayMaxSize, IsOptional, Length, ValidateIf, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { CreateChildInput } from '../child/child.input';
import { ConcernChannel, ConcernSourceKind, ConcernStatus, ConcernUrgency, SenderFeedback } from './concern.enums';

@InputType({ description: 'An information préoccupante to submit to the CRIP (transmission d’une IP).' })
export class SubmitConcernInput {
  @Field(() => String, {
    nullable: true,
    description:
      'Key chosen by the sender for this submission, unique among its own: sending it again (a retry) returns the concern already created instead of a second one.',
  })
  @ValidateIf((_, v) => v != null)
  @Length(8, 200)
  idempotencyKey?: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was received; now if absent.' })
  receivedAt?: Date | null;

  @Field(() => ConcernChannel, { description: 'How it reached the CRIP.' })
  channel!: ConcernChannel;

  @Field(() => ConcernSourceKind, {
    nullable: true,
    description:
      'Who sent it. For an institution’s own submission it follows from the institution (a school: SCHOOL, a PMI centre: PMI, the 119: SNATED, a parquet: PROSECUTOR, a children’s court: COURT, an association: ASSOCIATION; a concern sender: its own kind, HOSPITAL, POLICE, TOWN_HALL or PRIVATE_PRACTICE) and may be left out; any other value is refused (BAD_USER_INPUT on input.sourceKind). The département and the CRIP state it (a neighbour’s phone call: PERSON), and must.',
  })
  sourceKind?: ConcernSourceKind | null;

  @Field(() => ID, { nullable: true, description: 'The institution that sent it (a Partner), when one did.' })
  sourcePartnerId?: string | null;

  @Field(() => String, { nullable: true, description: 'CONFIDENTIAL. Name of the person reporting (not for an anonymous source).' })
  @ValidateIf((_, v) => v != null)
  @Length(1, 200)
  sourcePersonName?: string | null;

  @Field(() => String, { nullable: true, description: 'CONFIDENTIAL. How to reach the person reporting.' })
  @ValidateIf((_, v) => v != null)
  @Length(1, 200)
  sourcePersonContact?: string | null;

  @Field(() => ConcernUrgency, { description: 'How urgent the situation is.' })
  urgency!: ConcernUrgency;

  @Field({ description: 'What is reported: facts, words heard, observations.' })
  @Length(10, 20000)
  content!: string;

  @Field(() => [ID], {
    defaultValue: [],
    description:
      'Children already known to the service that it concerns. The département and the CRIP get NOT_FOUND for an unknown id; any other sender may name children outside its slice (the 119 sees none): the concern is recorded the same whether an id exists or not, and the ids that match no child are kept for the CRIP to match (`unmatchedChildIds`). A child described in words goes in newChildren.',
  })
  @ArrayMaxSize(12)
  childIds!: string[];

  @Field(() => [CreateChildInput], { defaultValue: [], description: 'Children it concerns who are not yet known: they are recorded with it.' })
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  newChildren!: CreateChildInput[];

  @Field(() => Boolean, { nullable: true, description: 'Whether the parents were informed of the transmission (L226-2-1).' })
  parentsInformed?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Why not, when they were not: required then.' })
  @ValidateIf((_, v) => v != null)
  @Length(1, 2000)
  parentsNotInformedReason?: string | null;
}

@InputType({ description: 'Whether the parents were informed of the concern, and why not (CASF L226-2-1).' })
export class RecordParentsInformationInput {
  @Field(() => ID, { description: 'The concern.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field({ description: 'Whether they were informed.' })
  informed!: boolean;

  @Field(() => String, { nullable: true, description: 'Required when not informed: why informing them is against the child’s interest.' })
  @IsOptional()
  @Length(1, 2000)
  reason?: string | null;
}

@InputType({ description: 'What the sender was told (CASF L226-5).' })
export class RecordSenderFeedbackInput {
  @Field(() => ID, { description: 'The concern.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read (optimistic locking).' })
  version!: number;

  @Field(() => SenderFeedback, { description: 'What was sent: receipt confirmed, or the outcome (only once processed).' })
  feedback!: SenderFeedback;
}

@InputType({ description: 'Filters on the list of concerns.' })
export class ConcernFilter {
  @Field(() => [ConcernStatus], { nullable: true, description: 'Only concerns in one of these states.' })
  status?: ConcernStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Only concerns sent by this institution.' })
  sourcePartnerId?: string | null;
}
