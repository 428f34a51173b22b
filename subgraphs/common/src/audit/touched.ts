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

export const recordTouchedChildren: MiddlewareFn<object> = ({ root, info, context }, next) => {
  if (root && typeof root === 'object' && context) {
    const object = root as { id?: unknown; childId?: unknown; childIds?: unknown };
    if (info.parentType.name === 'Child' && typeof object.id === 'string') touchedChildren(context).add(object.id);
    else if (typeof object.childId === 'string') touchedChildren(context).add(object.childId);
    else if (Array.isArray(object.childIds)) touchChildren(context, object.childIds.filter((id) => typeof id === 'string'));
  }
  return next();
};

export const AUDIT_EXTENSION = 'passerelle';

export function reportTouchedChildrenPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !contextValue) return;
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
