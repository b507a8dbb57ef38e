/**
 * The operations AST (gnocchi-aggregates.md §3): read-only, kind-tagged, with source spans for
 * the string form. Operator fields hold the canonical name; `written` keeps the spelling the
 * client used (for messages and faithful printing).
 */
import type { Span } from '../span.js'

/** A `(name, aggregation)` pair: a metric id (id mode) or name/fnmatch pattern (resource mode). */
export interface MetricRef {
  readonly name: string
  /** Aggregation method of the stored series; free text here, checked against policies later. */
  readonly aggregation: string
}

/** Methods accepted by `aggregate`, `resample` and `rolling` (the set M of §3.3). */
export const CROSS_METHODS = [
  'mean', 'median', 'std', 'min', 'max', 'sum', 'var', 'count',
  'rate:mean', 'rate:median', 'rate:std', 'rate:min', 'rate:max', 'rate:sum', 'rate:var', 'rate:count',
] as const
/** One of {@link CROSS_METHODS}. */
export type CrossMethod = (typeof CROSS_METHODS)[number]

/** Canonical unary operator names (aliases resolve to these). */
export type UnaryOpName = 'abs' | 'neg' | 'cos' | 'sin' | 'tan' | 'floor' | 'ceil' | 'rateofchange'
/** Canonical binary operator names (aliases resolve to these). */
export type BinaryOpName =
  | 'eq' | 'ne' | 'lt' | 'gt' | 'le' | 'ge' | 'mod' | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'clip_min' | 'clip_max'

/** `(metric NAME AGG)` or `(metric (N A) (N A) …)`. */
export interface MetricNode {
  readonly kind: 'metric'
  readonly refs: readonly MetricRef[]
  /** True for the `(metric NAME AGG)` single form; printing keeps the form. */
  readonly single: boolean
  readonly span?: Span
}
/** `(aggregate METHOD node)`: reduce columns to one. */
export interface AggregateNode {
  readonly kind: 'aggregate'
  readonly method: CrossMethod
  readonly input: OpNode
  readonly span?: Span
}
/** `(resample METHOD TIMESPAN node)`. */
export interface ResampleNode {
  readonly kind: 'resample'
  readonly method: CrossMethod
  /** New granularity in seconds (> 0, may be fractional). */
  readonly granularitySec: number
  readonly input: OpNode
  readonly span?: Span
}
/** `(rolling METHOD WINDOW node)`; the window counts rows of the aligned grid. */
export interface RollingNode {
  readonly kind: 'rolling'
  readonly method: CrossMethod
  /** Integer ≥ 1. */
  readonly window: number
  readonly input: OpNode
  readonly span?: Span
}
/** `(op node)`. */
export interface UnaryNode {
  readonly kind: 'unary'
  readonly op: UnaryOpName
  readonly written: string
  readonly input: OpNode
  readonly span?: Span
}
/** `(op left right)`. */
export interface BinaryNode {
  readonly kind: 'binary'
  readonly op: BinaryOpName
  readonly written: string
  readonly left: OpNode
  readonly right: OpNode
  readonly span?: Span
}
/** `(clip node lo)` or `(clip node lo hi)`. */
export interface ClipNode {
  readonly kind: 'clip'
  readonly input: OpNode
  readonly lower: OpNode
  readonly upper?: OpNode
  readonly span?: Span
}
/** A number literal (numeric strings and booleans already coerced). */
export interface NumberNode {
  readonly kind: 'number'
  readonly value: number
  readonly span?: Span
}

/** Any operations node. */
export type OpNode = MetricNode | AggregateNode | ResampleNode | RollingNode | UnaryNode | BinaryNode | ClipNode | NumberNode
