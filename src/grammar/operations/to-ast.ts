/**
 * Nested lists (from the string form or from JSON) → {@link OpNode}, with Gnocchi's schema checks
 * and its voluptuous error messages (gnocchi-aggregates.md §3.3, §3.4).
 *
 * gnocchi-compat: Gnocchi validates with `voluptuous.Any(metric, clip/4, binary, clip/3, unary,
 * rateofchange, aggregate, resample, rolling)`, see gnocchi/rest/aggregates/api.py
 * OperationsSchemaBase. `Any` reports the first failure with the longest path. The metric
 * alternative comes first and always fails at the node itself with `'<op>' operation invalid`,
 * and only a bad metric reference fails one level deeper (`None @ data['operations'][k]`, `k`
 * indexing the references of that metric node, whatever its depth). So the reported error is the
 * deep one when the descent that matched the operator met one before any other failure, and the
 * outermost operator's name otherwise. This module reproduces exactly that.
 */
import { invalidInput, isGnocchiError } from '../../model/errors.js'
import { parsePythonFloat, parseTimespanUs } from '../../model/timespan.js'
import type { Span } from '../span.js'
import type { MetricRef, OpNode } from './ast.js'
import { BINARY_OPERATORS, CLIP_OPERATOR, UNARY_OPERATORS, isCrossMethod } from './operators.js'
import type { SpanTable } from './parser.js'
import { MAX_NESTING } from './parser.js'
import { pyStr, pyTypeName } from './py-format.js'

/** A schema failure: a message and the voluptuous path below `data['operations']` (0 or 1 index). */
class Failure {
  constructor(
    readonly path: readonly number[],
    readonly message: string,
  ) {}
}

type Result = OpNode | Failure

interface Context {
  readonly spans: SpanTable | undefined
}

/**
 * Validates a whole operations value (a list; numbers are not accepted at the top).
 * @param spans list spans when the value comes from the string form.
 * @throws GnocchiError `INVALID_INPUT` with cause `Invalid input`, Gnocchi's reason and detail path.
 */
export function toOperations(value: unknown, spans?: SpanTable): OpNode {
  const result = validateOperation(value, { spans }, 0)
  if (result instanceof Failure) throw schemaError(result)
  return result
}

/** Failure → `Invalid input` with voluptuous' rendering (`… for dictionary value @ data['operations']`). */
function schemaError(failure: Failure): Error {
  const where = `@ data['operations']${failure.path.map((k) => `[${k}]`).join('')}`
  const reason =
    failure.path.length === 0 ? `${failure.message} for dictionary value ${where}` : `${failure.message} ${where}`
  return invalidInput(reason, ['operations', ...failure.path])
}

function listSpan(ctx: Context, list: readonly unknown[]): Span | undefined {
  return ctx.spans?.get(list as never)?.span
}

function itemSpan(ctx: Context, list: readonly unknown[], index: number): Span | undefined {
  return ctx.spans?.get(list as never)?.items[index]
}

/** One node of any operator (the alternatives of `OperationsSchemaBase`). */
function validateOperation(v: unknown, ctx: Context, depth: number): Result {
  if (!Array.isArray(v)) return new Failure([], `Expected a tuple/list, got a <class '${pyTypeName(v)}'>`)
  if (v.length === 0) return new Failure([], 'Operation must not be empty')
  if (v.length < 2) return new Failure([], 'Operation need at least one argument')
  if (depth >= MAX_NESTING) {
    throw invalidInput(`Operations nested deeper than ${MAX_NESTING} levels for dictionary value @ data['operations']`, [
      'operations',
    ])
  }
  const head: unknown = v[0]
  if (head === 'metric') return validateMetric(v, ctx)
  const result = typeof head === 'string' ? validateOperator(head, v, ctx, depth) : undefined
  if (result !== undefined && (!(result instanceof Failure) || result.path.length > 0)) return result
  return new Failure([], `'${pyStr(head)}' operation invalid`)
}

/** A sub-node: an operation, or anything Python's `float()` accepts. */
function validateSubNode(parent: readonly unknown[], index: number, ctx: Context, depth: number): Result {
  const v: unknown = parent[index]
  if (Array.isArray(v)) return validateOperation(v, ctx, depth + 1)
  const value = coerceFloat(v)
  if (value === null) return new Failure([], `could not convert ${pyTypeName(v)} to float`)
  return { kind: 'number', value, span: itemSpan(ctx, parent, index) }
}

/** `(metric NAME AGG)` or `(metric (N A) (N A) …)`: the `MetricSchema` of Gnocchi. */
function validateMetric(v: readonly unknown[], ctx: Context): Result {
  const span = listSpan(ctx, v)
  if (v.length === 3 && typeof v[1] === 'string' && typeof v[2] === 'string') {
    return { kind: 'metric', refs: [{ name: v[1], aggregation: v[2] }], single: true, span }
  }
  const refs: MetricRef[] = []
  for (let k = 1; k < v.length; k++) {
    const pair: unknown = v[k]
    // gnocchi-compat: a non-pair is `ExactSequenceInvalid` without message, rendered `None`
    if (!Array.isArray(pair) || pair.length !== 2) return new Failure([k - 1], 'None')
    const [name, aggregation] = pair as unknown[]
    if (typeof name !== 'string' || typeof aggregation !== 'string') return new Failure([k - 1], 'expected str')
    refs.push({ name, aggregation })
  }
  return { kind: 'metric', refs, single: false, span }
}

/**
 * The alternative matching `head`, if any: the node, a failure from its first failing element
 * (elements are checked in order, as `ExactSequence` does), or `undefined` when no shape matches.
 */
function validateOperator(head: string, v: readonly unknown[], ctx: Context, depth: number): Result | undefined {
  const span = listSpan(ctx, v)
  switch (head) {
    case CLIP_OPERATOR: {
      if (v.length !== 3 && v.length !== 4) return undefined
      const input = validateSubNode(v, 1, ctx, depth)
      if (input instanceof Failure) return input
      const lower = validateSubNode(v, 2, ctx, depth)
      if (lower instanceof Failure) return lower
      if (v.length === 3) return { kind: 'clip', input, lower, span }
      const upper = validateSubNode(v, 3, ctx, depth)
      if (upper instanceof Failure) return upper
      return { kind: 'clip', input, lower, upper, span }
    }
    case 'aggregate': {
      if (v.length !== 3 || !isCrossMethod(v[1])) return undefined
      const input = validateSubNode(v, 2, ctx, depth)
      if (input instanceof Failure) return input
      return { kind: 'aggregate', method: v[1], input, span }
    }
    case 'resample': {
      if (v.length !== 4 || !isCrossMethod(v[1])) return undefined
      const granularityUs = coerceTimespanUs(v[2])
      if (granularityUs === null) return undefined
      const input = validateSubNode(v, 3, ctx, depth)
      if (input instanceof Failure) return input
      return { kind: 'resample', method: v[1], granularitySec: granularityUs / 1e6, input, span }
    }
    case 'rolling': {
      if (v.length !== 4 || !isCrossMethod(v[1])) return undefined
      const window = coerceInt(v[2])
      if (window === null || window < 1) return undefined
      const input = validateSubNode(v, 3, ctx, depth)
      if (input instanceof Failure) return input
      return { kind: 'rolling', method: v[1], window, input, span }
    }
  }
  const binary = BINARY_OPERATORS.get(head)
  if (binary !== undefined) {
    if (v.length !== 3) return undefined
    const left = validateSubNode(v, 1, ctx, depth)
    if (left instanceof Failure) return left
    const right = validateSubNode(v, 2, ctx, depth)
    if (right instanceof Failure) return right
    return { kind: 'binary', op: binary, written: head, left, right, span }
  }
  const unary = UNARY_OPERATORS.get(head)
  if (unary !== undefined) {
    if (v.length !== 2) return undefined
    const input = validateSubNode(v, 1, ctx, depth)
    if (input instanceof Failure) return input
    return { kind: 'unary', op: unary, written: head, input, span }
  }
  return undefined
}

/** Python `float(v)` on a JSON value: numbers, booleans (1.0/0.0) and numeric strings. */
function coerceFloat(v: unknown): number | null {
  if (typeof v === 'number') return v
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'string') return parsePythonFloat(v)
  return null
}

/**
 * `voluptuous.Coerce(int)`: Python `int(v)`. Floats truncate (`2.7` → 2), booleans are 1/0, strings
 * must be decimal integers (`"2"`, `" +3 "`, `"1_0"`; not `"2.0"`).
 */
function coerceInt(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v !== 'string') return null
  const t = v.trim()
  let i = t.startsWith('+') || t.startsWith('-') ? 1 : 0
  if (i >= t.length) return null
  let digits = ''
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i)
    if (c >= 0x30 && c <= 0x39) digits += t[i]
    else if (c === 0x5f && digits.length > 0 && i + 1 < t.length && isDigit(t.charCodeAt(i + 1))) continue
    else return null
  }
  const n = Number(digits)
  return t.startsWith('-') ? -n : n
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39
}

/**
 * Gnocchi's `to_timespan` on an operand, in integer µs; `null` when invalid.
 * gnocchi-compat: Gnocchi keeps nanoseconds, so a positive span under 1 µs (`0.0000001`) is valid
 * there; here it truncates to 0 µs and is rejected, see gnocchi/utils.py to_timespan.
 */
function coerceTimespanUs(v: unknown): number | null {
  const value = typeof v === 'boolean' ? (v ? 1 : 0) : v
  if (typeof value === 'string') {
    let us = TIMESPAN_CACHE.get(value)
    if (us === undefined) {
      us = timespanUs(value)
      if (TIMESPAN_CACHE.size >= TIMESPAN_CACHE_SIZE) TIMESPAN_CACHE.clear()
      TIMESPAN_CACHE.set(value, us)
    }
    return us
  }
  return typeof value === 'number' ? timespanUs(value) : null
}

/**
 * Timespan strings seen recently → µs (or `null`): clients repeat the same few (`60`, `1h`), and
 * the duration grammar is regex-heavy. Cleared when full, so it stays bounded.
 */
const TIMESPAN_CACHE = new Map<string, number | null>()
const TIMESPAN_CACHE_SIZE = 512

function timespanUs(value: number | string): number | null {
  try {
    const us = parseTimespanUs(value)
    return Number.isSafeInteger(us) ? us : null
  } catch (e) {
    if (isGnocchiError(e)) return null
    throw e
  }
}
