import { AUDIENCES, parseCommand, repoPath, runMain, UsageError, type Audience } from '@passerelle/common';
import { diff, type Change } from '@graphql-inspector/core';
import {
  buildSchema,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLSchema,
} from 'graphql';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Schema evolution of each audience's contract (schema/contracts/<audience>.graphql, what a
 * partner's application is built against), compared with its last release
 * (schema/releases/<audience>.graphql). A partner's app must not break between two releases: a
 * change @graphql-inspector/core calls breaking is refused unless it removes what the release
 * already marked deprecated (the field, argument, input field or enum value was announced; a type
 * no longer reachable once those went). `npm run contracts:evolution` checks (CI, through
 * test/contracts-evolution.test.ts); `-- --release VERSION` records a release: the contracts
 * become the new baseline and each audience's CHANGELOG (schema/changelog/<audience>.md) gets
 * the changes, newest first.
 */

export interface Evolution {
  audience: string;
  /** Breaking changes that did not go through deprecation: a partner app may break. */
  refused: Change[];
  /** Breaking changes allowed: removal of what the release had deprecated. */
  retired: Change[];
  /** Everything else (additions, deprecations, descriptions…). */
  safe: Change[];
  /** No release of this contract yet: this is its first. */
  first?: boolean;
}

const releasePath = (audience: string) => repoPath(`schema/releases/${audience}.graphql`);
const contractPath = (audience: string) => repoPath(`schema/contracts/${audience}.graphql`);
const changelogPath = (audience: string) => repoPath(`schema/changelog/${audience}.md`);

/** Whether `pathInSchema` (Type.field, Type.field.arg, Input.field, Enum.VALUE) was deprecated in `schema`. */
function wasDeprecated(schema: GraphQLSchema, pathInSchema: string): boolean {
  const [typeName, member, argument] = pathInSchema.split('.');
  const type = typeName ? schema.getType(typeName) : undefined;
  if (!type || !member) return false;
  if (isObjectType(type) || isInterfaceType(type)) {
    const field = type.getFields()[member];
    if (!field) return false;
    if (argument === undefined) return field.deprecationReason != null;
    return field.args.find((a) => a.name === argument)?.deprecationReason != null || field.deprecationReason != null;
  }
  if (isInputObjectType(type)) return type.getFields()[member]?.deprecationReason != null;
  if ('getValue' in type && typeof type.getValue === 'function') return type.getValue(member)?.deprecationReason != null;
  return false;
}

/** Types the release's non-deprecated fields, arguments and input fields still use. */
function typesInUse(schema: GraphQLSchema): Set<string> {
  const used = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.deprecationReason != null) continue;
        used.add(getNamedType(field.type).name);
        for (const arg of field.args) if (arg.deprecationReason == null) used.add(getNamedType(arg.type).name);
      }
      for (const i of type.getInterfaces()) used.add(i.name);
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (field.deprecationReason == null) used.add(getNamedType(field.type).name);
    }
  }
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) if (root) used.add(root.name);
  return used;
}

const REMOVALS = new Set(['FIELD_REMOVED', 'FIELD_ARGUMENT_REMOVED', 'INPUT_FIELD_REMOVED', 'ENUM_VALUE_REMOVED']);

export async function evolution(audience: string, released: GraphQLSchema, current: GraphQLSchema): Promise<Evolution> {
  const changes = await diff(released, current);
  const inUse = typesInUse(released);
  const result: Evolution = { audience, refused: [], retired: [], safe: [] };
  for (const change of changes) {
    if (change.criticality.level !== 'BREAKING') {
      result.safe.push(change);
      continue;
    }
    const at = change.path ?? '';
    const announced =
      (REMOVALS.has(change.type) && wasDeprecated(released, at)) || (change.type === 'TYPE_REMOVED' && !inUse.has(at));
    (announced ? result.retired : result.refused).push(change);
  }
  return result;
}

const schemaOf = (file: string) => buildSchema(readFileSync(file, 'utf8'), { assumeValidSDL: true });

/** Each audience's contract against its last release (an audience with no release yet: nothing to break). */
export async function evolutions(audiences: readonly string[] = AUDIENCES): Promise<Evolution[]> {
  const out: Evolution[] = [];
  for (const audience of audiences) {
    if (!existsSync(releasePath(audience))) {
      out.push({ audience, refused: [], retired: [], safe: [], first: true });
      continue;
    }
    out.push(await evolution(audience, schemaOf(releasePath(audience)), schemaOf(contractPath(audience))));
  }
  return out;
}

/** One CHANGELOG entry: what a partner's developer must know of this release. */
export function changelogEntry(version: string, date: string, e: Evolution): string {
  const lines = [`## ${version} (${date})`, ''];
  if (e.first) return [...lines, `First release of this contract (schema/contracts/${e.audience}.graphql).`, ''].join('\n');
  const section = (title: string, changes: Change[]) => {
    if (changes.length === 0) return;
    lines.push(`### ${title}`, '', ...changes.map((c) => `- ${c.message}`), '');
  };
  section('Removed after deprecation', e.retired);
  section('Deprecated (will be removed in a later release)', e.safe.filter((c) => /DEPRECATION_ADDED|DEPRECATED/.test(c.type)));
  section('Added and changed', e.safe.filter((c) => !/DEPRECATION_ADDED|DEPRECATED|DESCRIPTION/.test(c.type)));
  if (lines.length === 2) lines.push('No change to this contract.', '');
  return lines.join('\n');
}

function release(version: string, date: string, all: Evolution[]): string[] {
  const written: string[] = [];
  for (const e of all) {
    const audience = e.audience as Audience;
    mkdirSync(path.dirname(releasePath(audience)), { recursive: true });
    mkdirSync(path.dirname(changelogPath(audience)), { recursive: true });
    writeFileSync(releasePath(audience), readFileSync(contractPath(audience), 'utf8'));
    const previous = existsSync(changelogPath(audience)) ? readFileSync(changelogPath(audience), 'utf8').replace(/^# .*\n\n/, '') : '';
    writeFileSync(
      changelogPath(audience),
      `# Contract of the ${audience} audience: changes\n\n${changelogEntry(version, date, e)}\n${previous}`,
    );
    written.push(path.relative(repoPath('.'), releasePath(audience)), path.relative(repoPath('.'), changelogPath(audience)));
  }
  return written;
}

if (require.main === module) {
  runMain(async () => {
    const { flags } = parseCommand(
      { command: 'npm run contracts:evolution', usage: '[--release VERSION]', flags: { release: 'string' } },
      process.argv.slice(2),
    );
    const all = await evolutions();
    const refused = all.flatMap((e) => e.refused.map((c) => `${e.audience}: ${c.message}`));
    if (refused.length > 0) {
      process.stderr.write(
        `breaking changes that did not go through deprecation (deprecate in one release, remove in a later one):\n${refused.map((r) => `  - ${r}`).join('\n')}\n`,
      );
      process.exit(1);
    }
    if (flags.release !== undefined) {
      if (!/^[0-9A-Za-z][0-9A-Za-z.\-+]{0,31}$/.test(flags.release)) throw new UsageError('npm run contracts:evolution: --release takes a version such as 2026.12.0');
      const written = release(flags.release, new Date().toISOString().slice(0, 10), all);
      process.stdout.write(`released ${flags.release}: ${written.join(', ')}\n`);
      return;
    }
    for (const e of all) {
      process.stdout.write(`${e.audience}: ${e.safe.length} compatible change(s), ${e.retired.length} removal(s) after deprecation\n`);
    }
  });
}
