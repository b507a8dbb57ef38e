/**
 * The JSON form of a filter (gnocchi-aggregates.md §7.1) → {@link FilterNode}, with the
 * schema's `Invalid input` errors reproduced message for message.
 */
import { badRequest } from '../../model/errors.js'
import type { FilterNode } from './ast.js'
import { buildCondition } from './condition.js'
import { isCompareKey } from './operators.js'
import { UNABLE_TO_PARSE, extraKeyError, valueError, type PathElement } from './schema-errors.js'

interface ReadState {
  /** A nested `{}` was seen: reported only once the whole value passed the schema. */
  nestedEmpty: boolean
}

const MATCH_ALL: FilterNode = { kind: 'all' }

/**
 * Reads a parsed JSON filter. `{}` at the top level matches everything.
 * @throws GnocchiError `INVALID_INPUT` with `{cause: 'Invalid input', reason, detail}` on a schema
 *   error, or the plain description `Unable to parse this query` for a nested `{}`.
 */
export function filterFromJson(value: unknown): FilterNode {
  const state: ReadState = { nestedEmpty: false }
  const node = readNode(value, [], state)
  // gnocchi-compat: a nested {} passes the schema and fails in the query builder, see gnocchi/indexer/sqlalchemy.py QueryTransformer.build_filter
  if (state.nestedEmpty) throw badRequest(UNABLE_TO_PARSE)
  return node
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The single `[key, value]` of a filter object, or the voluptuous error for another size. */
function singleEntry(obj: Record<string, unknown>, path: readonly PathElement[]): [string, unknown] {
  let found: [string, unknown] | undefined
  let n = 0
  for (const k in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, k)) continue
    n++
    if (n > 1) throw valueError('length of value must be at most 1', path)
    found = [k, obj[k]]
  }
  if (found === undefined) throw valueError('length of value must be at least 1', path)
  return found
}

function notADictionary(value: unknown, path: readonly PathElement[]): never {
  // gnocchi-compat: voluptuous tries the dict schema after a Length(max=1) check, so a long string reports its length, see gnocchi/rest/api.py ResourceSearchSchema
  if (typeof value === 'string' && value.length > 1) throw valueError('length of value must be at most 1', path)
  if (typeof value === 'string' || Array.isArray(value)) throw valueError('expected a dictionary', path)
  throw valueError('invalid value or type', path)
}

function readNode(value: unknown, path: readonly PathElement[], state: ReadState): FilterNode {
  if (!isPlainObject(value)) notADictionary(value, path)
  const keys = Object.keys(value)
  if (keys.length === 0) {
    if (path.length > 0) state.nestedEmpty = true
    return MATCH_ALL
  }
  if (keys.length > 1) throw valueError('length of value must be at most 1', path)
  const key = keys[0]
  const body = value[key]
  const at: PathElement[] = [...path, key]
  switch (key) {
    case 'and':
    case '∧':
    case 'or':
    case '∨': {
      if (!Array.isArray(body)) throw valueError('expected a list', at)
      if (body.length === 0) throw valueError('length of value must be at least 1', at)
      const operands = body.map((b: unknown, i) => readNode(b, [...at, { index: i }], state))
      return key === 'and' || key === '∧'
        ? { kind: 'and', written: key, operands }
        : { kind: 'or', written: key, operands }
    }
    case 'not': {
      if (!isPlainObject(body)) {
        if (Array.isArray(body)) throw valueError('expected a dictionary', at)
        notADictionary(body, at)
      }
      return { kind: 'not', operand: readNode(body, at, state) }
    }
    default: {
      if (key !== 'in' && key !== 'like' && !isCompareKey(key)) throw extraKeyError(at)
      if (!isPlainObject(body)) {
        if (Array.isArray(body)) throw valueError('expected a dictionary', at)
        throw valueError('invalid value or type', at)
      }
      const [attribute, v] = singleEntry(body, at)
      return buildCondition(key, attribute, v, path)
    }
  }
}
