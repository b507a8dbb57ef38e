/**
 * What the string parser produces before the schema checks: Gnocchi translates the string form
 * to JSON and validates that, so a condition's left term may still be any term here.
 */
import type { Span } from '../span.js'
import type { RawValue } from './condition.js'

/** `term OP term` as written. */
export interface RawCondition {
  readonly kind: 'condition'
  /** The operator as written (`=`, `≥`, `in`, `like`, `eq`, …). */
  readonly op: string
  readonly left: RawValue
  readonly right: RawValue
  readonly span: Span
}
/** A chain of one conjunction or disjunction keyword (two operands or more). */
export interface RawChain {
  readonly kind: 'chain'
  readonly op: 'and' | '∧' | 'or' | '∨'
  readonly operands: readonly RawExpr[]
  readonly span: Span
}
/** `not <expr>`. */
export interface RawNot {
  readonly kind: 'not'
  readonly operand: RawExpr
  readonly span: Span
}
/** Any raw expression. */
export type RawExpr = RawCondition | RawChain | RawNot
