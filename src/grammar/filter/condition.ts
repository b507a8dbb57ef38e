/**
 * Building one condition node (`{OP: {attr: value}}`) with the schema checks shared by the JSON
 * reader and the string form (which Gnocchi translates to JSON and validates with the same schema).
 */
import type { CompareNode, FilterScalar, InNode, LikeNode } from './ast.js'
import type { Span } from '../span.js'
import { COMPARE_OPS } from './operators.js'
import { extraKeyError, valueError, type PathElement } from './schema-errors.js'

/** A value as written: a scalar or a (possibly nested, invalid) list. */
export type RawValue = FilterScalar | readonly RawValue[]

/** Options of {@link buildCondition}. */
export interface ConditionOptions {
  readonly span?: Span
  /** Set for the string form, whose numbers Gnocchi parses as Python floats. */
  readonly floats?: boolean
}

function isScalar(v: unknown): v is FilterScalar {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
}

/**
 * Validates `{written: {attribute: value}}` found at `path` and returns its node.
 * @param written the operator key (`=`, `≥`, `like`, `in`, …); must be known by the caller.
 * @throws GnocchiError `Invalid input` (voluptuous reasons) on a bad value.
 */
export function buildCondition(
  written: string,
  attribute: string,
  value: unknown,
  path: readonly PathElement[],
  options: ConditionOptions = {},
): CompareNode | InNode | LikeNode {
  const at: PathElement[] = [...path, written, attribute]
  const extra = conditionExtras(options)
  if (written === 'in') {
    if (!Array.isArray(value)) throw valueError('expected a list', at)
    if (value.length === 0) throw valueError('length of value must be at least 1', at)
    const values: FilterScalar[] = []
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i]
      if (!isScalar(v)) throw valueError('expected str', [...at, { index: i }])
      values.push(v)
    }
    return { kind: 'in', attribute, values, ...extra }
  }
  if (written === 'like' && attribute === 'id') {
    // gnocchi-compat: the schema has no `id` key under `like`, see gnocchi/rest/api.py ResourceSearchSchema
    throw extraKeyError(at)
  }
  if (!isScalar(value)) throw valueError('expected str', at)
  if (written === 'like') return { kind: 'like', attribute, value, ...extra }
  const op = COMPARE_OPS[written]
  return { kind: 'compare', op, written, attribute, value, ...extra }
}

function conditionExtras(options: ConditionOptions): { span?: Span; floats?: true } {
  const out: { span?: Span; floats?: true } = {}
  if (options.span !== undefined) out.span = options.span
  if (options.floats === true) out.floats = true
  return out
}
