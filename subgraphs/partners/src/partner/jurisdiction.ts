import { Access } from '@passerelle/common';
import { Field, ObjectType } from 'type-graphql';

/** One commune a court or a parquet covers (ressort territorial). Stored in the partner's row. */
@Access('DIRECTORY')
@ObjectType({ description: 'A commune within a court’s or a parquet’s jurisdiction (ressort territorial).' })
export class JurisdictionCommune {
  @Field({ description: 'INSEE code of the commune (code commune).' })
  code!: string;

  @Field({ description: 'Name of the commune.' })
  name!: string;
}
