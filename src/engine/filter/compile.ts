/**
 * Compiles a {@link FilterNode} for one resource type into a predicate over
 * {@link ResourceRevision}s with SQL semantics (gnocchi-aggregates.md §7.2): three-valued logic,
 * `!=` matching NULL, SQL `IN` and `LIKE`, value conversion by column type.
 */
import { badRequest, isGnocchiError, type GnocchiError } from '../../model/errors.js'
import type { ResourceRevision, ResourceType } from '../../model/resource.js'
import {
  valueError,
  type CompareNode,
  type FilterNode,
  type FilterScalar,
  type InNode,
  type LikeNode,
  type PathElement,
} from '../../grammar/filter/index.js'
import { convertValue, invalidValue, resolveColumn, textOf, type Column, type ColumnValue } from './columns.js'
import { likeToRegExp } from './sql-like.js'

/** What the compiler needs to know about the search. */
export interface FilterContext {
  /** The searched type (`generic`: base columns only). */
  readonly resourceType: ResourceType
  /** History search: `revision_end` and `revision` become searchable. */
  readonly history?: boolean
  /** "Now" in µs since the epoch, for relative datetimes (`-1 hour`). */
  readonly nowUs: number
  /** The caller's resource-id transformation (gnocchi-rest.md §1.8); throws GnocchiError on bad ids. */
  readonly idTransform: (raw: string) => string
}

/**
 * Allowed values of indexed columns: a revision can only match when each present column's value
 * is listed (an empty list: nothing can match). Derived from top-level AND-ed `=`/`in`.
 */
export interface FilterHints {
  id?: string[]
  type?: string[]
  project_id?: (string | null)[]
  user_id?: (string | null)[]
  original_resource_id?: string[]
}

/** The compiled filter. */
export interface CompiledFilter {
  /** True when the revision matches (SQL TRUE; FALSE and NULL do not match). */
  readonly predicate: (r: ResourceRevision) => boolean
  /** Optional narrowing for secondary-index lookups; the predicate stays authoritative. */
  readonly hints: FilterHints
}

/** SQL truth value: `null` is UNKNOWN. */
type Truth = boolean | null
type Eval = (r: ResourceRevision) => Truth

/**
 * Compiles `ast` for a search of `ctx.resourceType`.
 * @throws GnocchiError `Resource type <t> has no <a> attribute`, ``Invalid value: `<v>' for field `<f>'``,
 *   `Invalid input` for a bad resource id (`'/' is not supported in resource id …`).
 */
export function compileResourceFilter(ast: FilterNode, ctx: FilterContext): CompiledFilter {
  const hints: FilterHints = {}
  if (ast.kind === 'all') return { predicate: () => true, hints }
  const evaluate = compileNode(ast, [], ctx)
  collectHints(ast, ctx, hints)
  return { predicate: (r) => evaluate(r) === true, hints }
}

function compileNode(node: FilterNode, path: readonly PathElement[], ctx: FilterContext): Eval {
  switch (node.kind) {
    case 'all':
      // A nested `{}` is rejected by the readers; a hand-built tree gets the same answer.
      throw badRequest('Unable to parse this query')
    case 'and': {
      const parts = node.operands.map((o, i) => compileNode(o, [...path, node.written, { index: i }], ctx))
      return (r) => {
        let unknown = false
        for (const p of parts) {
          const v = p(r)
          if (v === false) return false
          if (v === null) unknown = true
        }
        return unknown ? null : true
      }
    }
    case 'or': {
      const parts = node.operands.map((o, i) => compileNode(o, [...path, node.written, { index: i }], ctx))
      return (r) => {
        let unknown = false
        for (const p of parts) {
          const v = p(r)
          if (v === true) return true
          if (v === null) unknown = true
        }
        return unknown ? null : false
      }
    }
    case 'not': {
      const inner = compileNode(node.operand, [...path, 'not'], ctx)
      return (r) => {
        const v = inner(r)
        return v === null ? null : !v
      }
    }
    case 'compare':
      return compileCompare(node, path, ctx)
    case 'in':
      return compileIn(node, path, ctx)
    case 'like':
      return compileLike(node, ctx)
  }
}

function messageOf(e: GnocchiError): string {
  const d = e.description
  if (d === null) return e.code
  return typeof d === 'string' ? d : (d.reason ?? d.cause)
}

/** An `id` value through the caller's UUID5 transformation, with the schema's error path. */
function transformId(value: FilterScalar, ctx: FilterContext, at: readonly PathElement[]): string {
  // gnocchi-compat: 4.4.2 answers 500 for a non-string id; we answer 400 Invalid input as recommended, see gnocchi-rest.md §1.8
  if (typeof value !== 'string') throw valueError('expected str', at)
  try {
    return ctx.idTransform(value)
  } catch (e) {
    if (isGnocchiError(e)) throw valueError(messageOf(e), at)
    throw e
  }
}

function convert(
  column: Column,
  value: FilterScalar,
  node: CompareNode | InNode | LikeNode,
  ctx: FilterContext,
  at: readonly PathElement[],
  reported: unknown,
): ColumnValue {
  if (value === null) return null
  if (column.name === 'id' && column.kind === 'uuid') return transformId(value, ctx, at)
  return convertValue(column, value, node.floats === true, ctx.nowUs, reported)
}

/** SQL comparison of two non-null values of one column kind. */
function order(a: string | number | boolean, b: string | number | boolean): number {
  if (a === b) return 0
  return a < b ? -1 : 1
}

function compileCompare(node: CompareNode, path: readonly PathElement[], ctx: FilterContext): Eval {
  const special = compileCreatedBy(node.attribute, node.op, node.value, node.floats === true, false)
  if (special !== undefined) return special
  const column = resolveColumn(node.attribute, ctx.resourceType, ctx.history === true)
  const at: PathElement[] = [...path, node.written, node.attribute]
  const v = convert(column, node.value, node, ctx, at, node.value)
  const read = column.read
  if (v === null) {
    // `= null` is IS NULL, `!= null` IS NOT NULL; ordering against NULL is UNKNOWN.
    if (node.op === 'eq') return (r) => read(r) === null
    if (node.op === 'ne') return (r) => read(r) !== null
    return () => null
  }
  switch (node.op) {
    case 'eq':
      return (r) => {
        const x = read(r)
        return x === null ? null : x === v
      }
    case 'ne':
      // gnocchi-compat: `!=` is `attr IS NULL OR attr != value`, so NULL rows match, see gnocchi/indexer/sqlalchemy.py QueryTransformer._handle_binary_op
      return (r) => {
        const x = read(r)
        return x === null ? true : x !== v
      }
    case 'lt':
      return (r) => {
        const x = read(r)
        return x === null ? null : order(x, v) < 0
      }
    case 'le':
      return (r) => {
        const x = read(r)
        return x === null ? null : order(x, v) <= 0
      }
    case 'gt':
      return (r) => {
        const x = read(r)
        return x === null ? null : order(x, v) > 0
      }
    case 'ge':
      return (r) => {
        const x = read(r)
        return x === null ? null : order(x, v) >= 0
      }
  }
}

function compileIn(node: InNode, path: readonly PathElement[], ctx: FilterContext): Eval {
  const special = compileCreatedBy(node.attribute, 'in', node.values, node.floats === true, false)
  if (special !== undefined) return special
  const column = resolveColumn(node.attribute, ctx.resourceType, ctx.history === true)
  const at: PathElement[] = [...path, 'in', node.attribute]
  const converted = node.values.map((v, i) => convert(column, v, node, ctx, [...at, { index: i }], node.values))
  const hasNull = converted.includes(null)
  const set = new Set(converted.filter((v) => v !== null))
  const read = column.read
  // SQL IN: TRUE on a match, else UNKNOWN if the row or the list holds NULL, else FALSE.
  return (r) => {
    const x = read(r)
    if (x === null) return null
    if (set.has(x)) return true
    return hasNull ? null : false
  }
}

function compileLike(node: LikeNode, ctx: FilterContext): Eval {
  const special = compileCreatedBy(node.attribute, 'like', node.value, node.floats === true, true)
  if (special !== undefined) return special
  const column = resolveColumn(node.attribute, ctx.resourceType, ctx.history === true)
  // LIKE needs a text column; PostgreSQL rejects it on times, numbers, booleans and uuids.
  if (column.kind !== 'string') throw invalidValue(node.value, column.name)
  if (node.value === null) return () => null
  const re = likeToRegExp(textOf(node.value, node.floats === true))
  const read = column.read
  return (r) => {
    const x = read(r)
    return typeof x === 'string' ? re.test(x) : null
  }
}

/**
 * `created_by_user_id` / `created_by_project_id`: a LIKE on `creator` (`<v>:%` / `%:<v>`), only
 * for `=`, `!=` and `like`; `undefined` for other attributes.
 */
function compileCreatedBy(
  attribute: string,
  op: string,
  value: FilterScalar | readonly FilterScalar[],
  floats: boolean,
  isLike: boolean,
): Eval | undefined {
  if (attribute !== 'created_by_user_id' && attribute !== 'created_by_project_id') return undefined
  if ((op !== 'eq' && op !== 'ne' && !isLike) || Array.isArray(value)) throw invalidValue(value, attribute)
  const scalar = value as FilterScalar
  // gnocchi-compat: the value is formatted into the LIKE pattern with Python's `%s` (None → `None`), see gnocchi/indexer/sqlalchemy.py QueryTransformer._handle_binary_op
  const text = scalar === null ? 'None' : textOf(scalar, floats)
  const re = likeToRegExp(attribute === 'created_by_user_id' ? `${text}:%` : `%:${text}`)
  const negate = op === 'ne'
  return (r) => {
    if (r.creator === null) return null
    const m = re.test(r.creator)
    return negate ? !m : m
  }
}

type HintKey = keyof FilterHints
const HINT_COLUMNS: ReadonlySet<string> = new Set<HintKey>(['id', 'type', 'project_id', 'user_id', 'original_resource_id'])

/** Intersects the allowed values of top-level AND-ed `=`/`in` conditions on indexed columns. */
function collectHints(node: FilterNode, ctx: FilterContext, hints: FilterHints): void {
  if (node.kind === 'and') {
    for (const o of node.operands) collectHints(o, ctx, hints)
    return
  }
  if ((node.kind !== 'compare' || node.op !== 'eq') && node.kind !== 'in') return
  if (!HINT_COLUMNS.has(node.attribute)) return
  const key = node.attribute as HintKey
  const raw = node.kind === 'in' ? node.values.filter((v) => v !== null) : [node.value]
  const allowed: (string | null)[] = raw.map((v) => {
    if (v === null) return null
    if (key === 'id') return typeof v === 'string' ? ctx.idTransform(v) : textOf(v, node.floats === true)
    return textOf(v, node.floats === true)
  })
  const previous = hints[key] as (string | null)[] | undefined
  const next = previous === undefined ? [...new Set(allowed)] : previous.filter((v) => allowed.includes(v))
  if (key === 'project_id' || key === 'user_id') hints[key] = next
  else hints[key] = next.filter((v): v is string => v !== null)
}
