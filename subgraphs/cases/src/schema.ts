import { buildFederatedSchema, type FederatedSchema } from '@passerelle/common';
import { childReference } from './child/child.reference';
import { ChildResolver } from './child/child.resolver';

export function buildCasesSchema(): Promise<FederatedSchema> {
  return buildFederatedSchema({ resolvers: [ChildResolver] }, { Child: childReference as never });
}
