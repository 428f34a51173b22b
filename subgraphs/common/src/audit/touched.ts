import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { MiddlewareFn } from 'type-graphql';

/**
 * Which children's data a subgraph request touched, for the audit record the gateway writes.
 * A global type-graphql middleware notes, for every field resolved, the child its parent object
 * belongs to: a `Child` itself, or any object carrying `childId` (or `childIds`). The subgraph
 * returns the set in its response's `extensions.passerelle.children`; the gateway collects it
 * and never forwards it to the client.
 */
const touched = new WeakMap<object, Set<string>>();

export function touchedChildren(context: object): Set<string> {
  let set = touched.get(context);
  if (!set) {
    set = new Set();
    touched.set(context, set);
  }
  return set;
}

/** Marks children as touched by hand (e.g. a write that returns no child object). */
export function touchChildren(context: object, ids: Iterable<string>): void {
  const set = touchedChildren(context);
  for (const id of ids) set.add(id);
}

/**
 * Records whose children are not on the object itself (a concern names its children in a link
 * table): the object type, and the property of other objects that points to one. A subgraph
 * declares them (`declareAuditRef`) and turns them into children in `SubgraphDefinition.auditChildrenOf`.
 */
const refTypes = new Map<string, string>();
const refProperties = new Map<string, string>();

export function declareAuditRef(type: string, property: string): void {
  refTypes.set(type, type);
  refProperties.set(property, type);
}

const refs = new WeakMap<object, Map<string, Set<string>>>();

/** The records of declared types a request touched, by type. */
export function touchedRefs(context: object): Map<string, Set<string>> {
  let map = refs.get(context);
  if (!map) refs.set(context, (map = new Map()));
  return map;
}

function touchRef(context: object, type: string, id: string): void {
  const map = touchedRefs(context);
  let set = map.get(type);
  if (!set) map.set(type, (set = new Set()));
  set.add(id);
}

/**
 * Notes the child a field's parent object belongs to (see above); synchronous, called for every
 * field resolved (`instrumentFields` in federation.ts wraps each resolver with it).
 */
export function noteTouched(root: unknown, parentType: string, context: unknown): void {
  if (!root || typeof root !== 'object' || !context || typeof context !== 'object') return;
  const object = root as Record<string, unknown> & { id?: unknown; childId?: unknown; childIds?: unknown };
  if (parentType === 'Child' && typeof object.id === 'string') touchedChildren(context).add(object.id);
  else if (typeof object.childId === 'string') touchedChildren(context).add(object.childId);
  else if (Array.isArray(object.childIds)) touchChildren(context, object.childIds.filter((id) => typeof id === 'string'));
  else if (refTypes.size > 0) {
    const type = refTypes.get(parentType);
    if (type && typeof object.id === 'string') touchRef(context, type, object.id);
    for (const [property, refType] of refProperties) {
      const value = object[property];
      if (typeof value === 'string') touchRef(context, refType, value);
    }
  }
}

/** The same as a type-graphql middleware (for a schema built without `buildFederatedSchema`). */
export const recordTouchedChildren: MiddlewareFn<object> = ({ root, info, context }, next) => {
  noteTouched(root, info.parentType.name, context);
  return next();
};

export const AUDIT_EXTENSION = 'passerelle';

export function reportTouchedChildrenPlugin<TContext extends BaseContext>(
  childrenOf?: (refs: Map<string, Set<string>>, context: TContext) => Promise<Iterable<string>>,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !contextValue) return;
          const touchedByRef = touchedRefs(contextValue);
          if (childrenOf && touchedByRef.size > 0) touchChildren(contextValue, await childrenOf(touchedByRef, contextValue));
          const children = [...touchedChildren(contextValue)];
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            [AUDIT_EXTENSION]: { children },
          };
        },
      };
    },
  };
}
