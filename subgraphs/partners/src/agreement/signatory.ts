import { Access } from '@passerelle/common';
import { IsNotEmpty, MaxLength } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';

@Access('PARTNER_ADMINISTRATION')
@ObjectType({ description: 'A person who signed an agreement (signataire), as written on it.' })
export class AgreementSignatory {
  @Field({ description: 'Full name of the signatory.' })
  name!: string;

  @Field({ description: 'Capacity in which they signed, e.g. "Président du Conseil départemental".' })
  role!: string;

  @Field({ description: 'The party they signed for, e.g. "Département de Loire-Atlantique".' })
  organisation!: string;
}

@InputType({ description: 'A signatory of an agreement.' })
export class AgreementSignatoryInput {
  @Field({ description: 'Full name of the signatory.' })
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @Field({ description: 'Capacity in which they signed.' })
  @IsNotEmpty()
  @MaxLength(200)
  role!: string;

  @Field({ description: 'The party they signed for.' })
  @IsNotEmpty()
  @MaxLength(200)
  organisation!: string;
}
