/**
 * The search filter AST (gnocchi-aggregates.md §7). Values stay as written (string, number,
 * boolean, null, list); conversion by attribute type belongs to the engine.
 */
import type { Span } from '../span.js'

/** A scalar operand of a condition. */
export type FilterScalar = string | number | boolean | null

/** Canonical comparison operators. */
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'

/** `{}`: no condition (meaningful at top level only). */
export interface MatchAllNode {
  readonly kind: 'all'
  readonly span?: Span
}
/** `attribute OP value`. */
export interface CompareNode {
  readonly kind: 'compare'
  readonly op: CompareOp
  /** Spelling used by the client (`=`, `==`, `eq`, `≠`, …), kept for printing. */
  readonly written: string
  readonly attribute: string
  readonly value: FilterScalar
  readonly span?: Span
}
/** `attribute in [v, …]` (at least one value). */
export interface InNode {
  readonly kind: 'in'
  readonly attribute: string
  readonly values: readonly FilterScalar[]
  readonly span?: Span
}
/** `attribute like 'pattern'` (SQL LIKE). */
export interface LikeNode {
  readonly kind: 'like'
  readonly attribute: string
  readonly value: FilterScalar
  readonly span?: Span
}
/** Conjunction (`and` or `∧`), at least one operand. */
export interface AndNode {
  readonly kind: 'and'
  readonly written: 'and' | '∧'
  readonly operands: readonly FilterNode[]
  readonly span?: Span
}
/** Disjunction (`or` or `∨`), at least one operand. */
export interface OrNode {
  readonly kind: 'or'
  readonly written: 'or' | '∨'
  readonly operands: readonly FilterNode[]
  readonly span?: Span
}
/** SQL `NOT` (three-valued). */
export interface NotNode {
  readonly kind: 'not'
  readonly operand: FilterNode
  readonly span?: Span
}

/** Any filter node. */
export type FilterNode = MatchAllNode | CompareNode | InNode | LikeNode | AndNode | OrNode | NotNode
