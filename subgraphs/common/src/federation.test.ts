import { execute, parse } from 'graphql';
import { Field, FieldResolver, ID, ObjectType, Query, Resolver, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import { buildFederatedSchema } from './federation';

const middlewareCalls: string[] = [];
const counted: MiddlewareFn = ({ info }, next) => {
  middlewareCalls.push(info.fieldName);
  return next();
};

@ObjectType()
class Item {
  @Field(() => ID)
  id!: string;

  @Field()
  plain!: string;

  @Field({ name: 'renamed' })
  stored!: string;

  @Field()
  @UseMiddleware(counted)
  guarded!: string;

  @Field()
  computed!: string;

  @Field()
  get shouted(): string {
    return this.plain.toUpperCase();
  }
}

@ObjectType()
class Other {
  // The same name as Item's field resolver: Other's stays a plain property.
  @Field()
  computed!: string;
}

@Resolver(() => Item)
class ItemResolver {
  @Query(() => Item)
  item(): object {
    // A plain object, as a loader returns rows: not an Item instance.
    return { id: '1', plain: 'plain', stored: 'stored', renamed: 'wrong', guarded: 'guarded', computed: 'row value' };
  }

  @Query(() => Item)
  itemWithMethod(): object {
    return { id: '2', plain: () => 'called', stored: 's', guarded: 'g', computed: 'c' };
  }

  @Query(() => Other)
  other(): Other {
    return { computed: 'other value' };
  }

  @FieldResolver(() => String)
  computed(): string {
    return 'from the field resolver';
  }
}

describe('buildFederatedSchema: plain property fields', () => {
  const run = async (query: string) => {
    const { schema } = await buildFederatedSchema({ resolvers: [ItemResolver] });
    return execute({ schema, document: parse(query), contextValue: {} });
  };

  beforeEach(() => {
    middlewareCalls.length = 0;
  });

  it('reads each field as type-graphql would: the property of a renamed field, a getter, a field resolver, a middleware', async () => {
    const result = await run('{ item { id plain renamed guarded computed shouted } other { computed } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      item: { id: '1', plain: 'plain', renamed: 'stored', guarded: 'guarded', computed: 'from the field resolver', shouted: 'PLAIN' },
      other: { computed: 'other value' },
    });
    expect(middlewareCalls).toEqual(['guarded']);
  });

  it("resolves a plain property with graphql's default resolver, not type-graphql's wrapper", async () => {
    // graphql's default resolver calls a property that is a function; type-graphql's would
    // return the function itself, which no String serializes.
    const result = await run('{ itemWithMethod { plain } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ itemWithMethod: { plain: 'called' } });
  });
});
