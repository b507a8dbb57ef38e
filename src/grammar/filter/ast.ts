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
  /**
   * Set when the condition comes from the string form, whose unquoted numbers Gnocchi parses as
   * Python floats: against a string column they read `12.0`, where a JSON `12` reads `12`.
   */
  readonly floats?: true
  readonly span?: Span
}
/** `attribute in [v, …]` (at least one value). */
export interface InNode {
  readonly kind: 'in'
  readonly attribute: string
  readonly values: readonly FilterScalar[]
  /**
   * Set when the condition comes from the string form, whose unquoted numbers Gnocchi parses as
   * Python floats: against a string column they read `12.0`, where a JSON `12` reads `12`.
   */
  readonly floats?: true
  readonly span?: Span
}
/** `attribute like 'pattern'` (SQL LIKE). */
export interface LikeNode {
  readonly kind: 'like'
  readonly attribute: string
  readonly value: FilterScalar
  /**
   * Set when the condition comes from the string form, whose unquoted numbers Gnocchi parses as
   * Python floats: against a string column they read `12.0`, where a JSON `12` reads `12`.
   */
  readonly floats?: true
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
