/**
 * Test helpers: a minimal s-expression → OpNode builder (the real parser lives in grammar/),
 * series builders and a readable view of results.
 */
import type { BinaryOpName, CrossMethod, OpNode, UnaryOpName } from '../../../src/grammar/operations/ast.js'
import type { AggregatesOptions, FillMode, GroupResult, MetricInfo, SeriesPoints } from '../../../src/engine/aggregates/index.js'
import { measuresTree } from '../../../src/engine/aggregates/index.js'

type Sx = string | Sx[]

function read(text: string): Sx {
  const tokens = text.replace(/\(/g, ' ( ').replace(/\)/g, ' ) ').trim().split(/\s+/)
  let i = 0
  const next = (): Sx => {
    const t = tokens[i++]!
    if (t !== '(') return t
    const list: Sx[] = []
    while (tokens[i] !== ')') list.push(next())
    i++
    return list
  }
  return next()
}

const UNARY: Record<string, UnaryOpName> = {
  abs: 'abs', absolute: 'abs', neg: 'neg', negative: 'neg', cos: 'cos', sin: 'sin', tan: 'tan', floor: 'floor', ceil: 'ceil', rateofchange: 'rateofchange',
}
const BINARY: Record<string, BinaryOpName> = {
  '=': 'eq', '==': 'eq', eq: 'eq', '<': 'lt', lt: 'lt', '>': 'gt', gt: 'gt', '<=': 'le', '≤': 'le', le: 'le', '>=': 'ge', '≥': 'ge', ge: 'ge',
  '!=': 'ne', '≠': 'ne', ne: 'ne', '%': 'mod', mod: 'mod', '+': 'add', add: 'add', '-': 'sub', sub: 'sub', '*': 'mul', '×': 'mul', mul: 'mul',
  '/': 'div', '÷': 'div', div: 'div', '**': 'pow', '^': 'pow', pow: 'pow', clip_min: 'clip_min', clip_max: 'clip_max',
}

function toNode(x: Sx): OpNode {
  if (typeof x === 'string') return { kind: 'number', value: Number(x) }
  const [head, ...args] = x
  if (typeof head !== 'string') throw new Error('bad head')
  if (head === 'metric') {
    if (typeof args[0] === 'string') return { kind: 'metric', single: true, refs: [{ name: args[0], aggregation: args[1] as string }] }
    return { kind: 'metric', single: false, refs: args.map((a) => ({ name: (a as string[])[0]!, aggregation: (a as string[])[1]! })) }
  }
  if (head === 'aggregate') return { kind: 'aggregate', method: args[0] as CrossMethod, input: toNode(args[1]!) }
  if (head === 'resample') return { kind: 'resample', method: args[0] as CrossMethod, granularitySec: Number(args[1]), input: toNode(args[2]!) }
  if (head === 'rolling') return { kind: 'rolling', method: args[0] as CrossMethod, window: Number(args[1]), input: toNode(args[2]!) }
  if (head === 'clip') return { kind: 'clip', input: toNode(args[0]!), lower: toNode(args[1]!), ...(args[2] === undefined ? {} : { upper: toNode(args[2]) }) }
  const u = UNARY[head]
  if (u !== undefined) return { kind: 'unary', op: u, written: head, input: toNode(args[0]!) }
  const b = BINARY[head]
  if (b !== undefined) return { kind: 'binary', op: b, written: head, left: toNode(args[0]!), right: toNode(args[1]!) }
  throw new Error(`unknown op ${head}`)
}

/** Builds an AST from Gnocchi's string form (test-only subset: no quoting, numbers via Number()). */
export function ops(text: string): OpNode {
  return toNode(read(text))
}

/** µs of `2024-01-01T00:MM:SS`. */
export const T0 = Date.UTC(2024, 0, 1) * 1000
export const at = (min: number, sec = 0): number => T0 + (min * 60 + sec) * 1e6
export const G60 = 60e6

/** A series from `[minute, value]` pairs at 60 s. */
export function series(points: readonly (readonly [number, number])[], granularityUs = G60): SeriesPoints {
  return {
    granularityUs,
    timestampsUs: Float64Array.from(points.map(([m]) => T0 + m * granularityUs)),
    values: Float64Array.from(points.map(([, v]) => v)),
  }
}

/** A metric with policy `ex` (60 s, default methods). */
export function metric(id: string, name: string | null = null, granularitiesUs: number[] = [G60]): MetricInfo {
  return { id, name, granularitiesUs, aggregationMethods: ['mean', 'min', 'max', 'sum', 'std', 'count'] }
}

/** Options with everything unset. */
export function opts(o: Partial<AggregatesOptions> = {}): AggregatesOptions {
  return { startUs: null, stopUs: null, granularityUs: null, neededOverlap: null, fill: null, ...o }
}

/** Shorthand fill modes. */
export const FILL = {
  null: { kind: 'null' } as FillMode,
  dropna: { kind: 'dropna' } as FillMode,
  value: (v: number): FillMode => ({ kind: 'value', value: v }),
}

/** `[HH:MM, granularity s, value]` rows with readable times, for comparing against the spec tables. */
export function readable(r: GroupResult): unknown {
  const fmt = (t: number): string => new Date(t / 1000).toISOString().slice(11, 16)
  const conv = (x: unknown): unknown => {
    if (Array.isArray(x)) {
      return x.map((p: readonly [number, number, number]) => [fmt(p[0]), p[1] / 1e6, p[2]])
    }
    if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, conv(v)]))
    return x
  }
  return conv(measuresTree(r.measures))
}
