/**
 * Operator spellings of the operations language (gnocchi-aggregates.md §3.3, §4): every name and
 * alias Gnocchi 4.4.2 accepts, mapped to the canonical names of the AST. The engine imports the
 * canonical name lists from here so that grammar and evaluation cannot drift apart.
 */
import { CROSS_METHODS, type BinaryOpName, type CrossMethod, type UnaryOpName } from './ast.js'

/** Canonical unary operators with every accepted spelling (the canonical name first). */
export const UNARY_OPERATOR_SPELLINGS: Readonly<Record<UnaryOpName, readonly string[]>> = {
  abs: ['abs', 'absolute'],
  neg: ['neg', 'negative'],
  cos: ['cos'],
  sin: ['sin'],
  tan: ['tan'],
  floor: ['floor'],
  ceil: ['ceil'],
  // gnocchi-compat: rateofchange lives in a separate table (unary_operators_with_timestamps) in
  // Gnocchi but has the same one-operand shape, see gnocchi/rest/aggregates/operations.py
  rateofchange: ['rateofchange'],
}

/** Canonical binary operators with every accepted spelling (the canonical name first). */
export const BINARY_OPERATOR_SPELLINGS: Readonly<Record<BinaryOpName, readonly string[]>> = {
  eq: ['eq', '=', '=='],
  ne: ['ne', '!=', '≠'],
  lt: ['lt', '<'],
  gt: ['gt', '>'],
  le: ['le', '<=', '≤'],
  ge: ['ge', '>=', '≥'],
  mod: ['mod', '%'],
  add: ['add', '+'],
  sub: ['sub', '-'],
  mul: ['mul', '*', '×'],
  div: ['div', '/', '÷'],
  pow: ['pow', '**', '^'],
  clip_min: ['clip_min'],
  clip_max: ['clip_max'],
}

/** Canonical unary operator names, in table order. */
export const UNARY_OP_NAMES = Object.keys(UNARY_OPERATOR_SPELLINGS) as readonly UnaryOpName[]
/** Canonical binary operator names, in table order. */
export const BINARY_OP_NAMES = Object.keys(BINARY_OPERATOR_SPELLINGS) as readonly BinaryOpName[]

function bySpelling<N extends string>(table: Readonly<Record<N, readonly string[]>>): ReadonlyMap<string, N> {
  const out = new Map<string, N>()
  for (const name of Object.keys(table) as N[]) for (const spelling of table[name]) out.set(spelling, name)
  return out
}

/** Every unary spelling → canonical name. A `Map`, so `constructor` or `__proto__` never resolve. */
export const UNARY_OPERATORS: ReadonlyMap<string, UnaryOpName> = bySpelling(UNARY_OPERATOR_SPELLINGS)
/** Every binary spelling → canonical name. */
export const BINARY_OPERATORS: ReadonlyMap<string, BinaryOpName> = bySpelling(BINARY_OPERATOR_SPELLINGS)

/** The ternary operator's only spelling. */
export const CLIP_OPERATOR = 'clip'

const CROSS_METHOD_SET: ReadonlySet<string> = new Set(CROSS_METHODS)

/** True when `method` is accepted by `aggregate`, `resample` and `rolling` (exact, case-sensitive). */
export function isCrossMethod(method: unknown): method is CrossMethod {
  return typeof method === 'string' && CROSS_METHOD_SET.has(method)
}
