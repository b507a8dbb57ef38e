/**
 * The value predicate of the deprecated metric value search (`POST /v1/search/metric`,
 * gnocchi-rest.md §3.9): a tree of comparison/arithmetic operators over one stored value,
 * combined with `and`/`or`. Operator fields hold the canonical names of the operations
 * language; `written` keeps the client's spelling.
 */
import type { BinaryOpName } from '../operations/ast.js'

/** The operators a value predicate accepts: the operations language's binary set without `clip_*`. */
export type ValueOperatorName = Exclude<BinaryOpName, 'clip_min' | 'clip_max'>

/** The stored value under test (the implicit left operand of `{op: number}`). */
export interface ValueRef {
  readonly kind: 'value'
}
/** A number from the query (JSON booleans read as 1 and 0, as Python's `bool` is an `int`). */
export interface ValueConstant {
  readonly kind: 'constant'
  readonly value: number
}
/** `{op: n}` (`value op n`) or `{op: [a, b]}` (`a op b`, each a constant or a nested operator). */
export interface ValueBinary {
  readonly kind: 'binary'
  readonly op: ValueOperatorName
  readonly written: string
  readonly left: ValueTerm
  readonly right: ValueTerm
}
/** A term: evaluates to a number for each stored value (comparisons give 1 or 0). */
export type ValueTerm = ValueRef | ValueConstant | ValueBinary

/** `{"and"|"∧": [p, …]}`: every operand holds (an empty list always holds). */
export interface ValueAll {
  readonly kind: 'all'
  readonly written: 'and' | '∧'
  readonly operands: readonly ValuePredicate[]
}
/** `{"or"|"∨": [p, …]}`: some operand holds (an empty list never holds). */
export interface ValueAny {
  readonly kind: 'any'
  readonly written: 'or' | '∨'
  readonly operands: readonly ValuePredicate[]
}
/**
 * `{"not": [p, …]}`: accepted by Gnocchi's schema but given no meaning by its evaluator, which
 * refuses it (`Unknown operator not`) only after `start`/`stop` were checked.
 */
export interface ValueNot {
  readonly kind: 'not'
  readonly operands: readonly ValuePredicate[]
}

/** A whole predicate: a value holds when the top node is truthy (non-zero; NaN is truthy, as in Python). */
export type ValuePredicate = ValueBinary | ValueAll | ValueAny | ValueNot
