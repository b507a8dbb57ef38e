/**
 * Replays vectors captured from the real Gnocchi 4.4.2 by scripts/capture-aggregates.py:
 * the stored series are the engine's inputs, the HTTP answers its expected outputs.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { measuresTree, runAggregates, type AggregatesOptions, type FillMode, type MetricInfo, type SeriesPoints } from '../../../src/engine/aggregates/index.js'
import { GnocchiError } from '../../../src/model/errors.js'
import { parseOperations } from '../../../src/grammar/operations/index.js'
import type { OpNode } from '../../../src/grammar/operations/ast.js'
import { ops } from './helpers.js'

interface Fixture {
  readonly policy: { readonly granularities: number[]; readonly aggregation_methods: string[] }
  readonly metrics: string[]
  readonly stored: Record<string, Record<string, Record<string, [string, number | string][]>>>
  readonly cases: { operations: string; query: Record<string, string>; status: number; body: Record<string, unknown> }[]
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/aggregates/captured.json', import.meta.url), 'utf8')) as Fixture
const isoUs = (s: string): number => Date.parse(s.endsWith('Z') || s.includes('+') ? s : `${s}Z`) * 1000
const num = (v: number | string): number => (typeof v === 'number' ? v : v === 'NaN' ? Number.NaN : v === 'Infinity' ? Infinity : -Infinity)

const METRICS = new Map<string, MetricInfo>(
  fixture.metrics.map((id) => [id, { id, name: null, granularitiesUs: fixture.policy.granularities.map((g) => g * 1e6), aggregationMethods: fixture.policy.aggregation_methods }]),
)
function stored(id: string, agg: string, gUs: number): SeriesPoints {
  const pts = fixture.stored[id]?.[agg]?.[String(gUs / 1e6)] ?? []
  return { granularityUs: gUs, timestampsUs: Float64Array.from(pts.map((p) => isoUs(p[0]))), values: Float64Array.from(pts.map((p) => num(p[1]))) }
}

function options(q: Record<string, string>): AggregatesOptions {
  const f = q.fill
  const fill: FillMode | null = f === undefined ? null : f === 'null' ? { kind: 'null' } : f === 'dropna' ? { kind: 'dropna' } : { kind: 'value', value: Number(f) }
  return {
    startUs: q.start === undefined ? null : isoUs(q.start),
    stopUs: q.stop === undefined ? null : isoUs(q.stop),
    granularityUs: q.granularity === undefined ? null : Number(q.granularity) * 1e6,
    neededOverlap: q.needed_overlap === undefined ? null : Number(q.needed_overlap),
    fill,
  }
}

/** Replaces `[iso, g, v]` triples by `[µs, g µs, v]` so both sides have the same shape. */
function normalise(x: unknown): unknown {
  if (Array.isArray(x)) {
    if (x.length === 3 && typeof x[0] === 'string' && typeof x[1] === 'number') return [isoUs(x[0]), x[1] * 1e6, num(x[2] as number | string)]
    return x.map(normalise)
  }
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, normalise(v)]))
  return x
}

/** Equal up to 1e-12 relative (trigonometry and pow come from different libms), NaN equal to NaN. */
function close(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number')
    const a = actual as number
    if (Number.isNaN(expected) || !Number.isFinite(expected)) {
      expect(Object.is(a, expected) || (Number.isNaN(a) && Number.isNaN(expected)), `${path}: ${a} vs ${expected}`).toBe(true)
      return
    }
    expect(Math.abs(a - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${path}: ${a} vs ${expected}`).toBe(true)
    return
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true)
    expect((actual as unknown[]).length, `${path} length`).toBe(expected.length)
    expected.forEach((e, i) => close((actual as unknown[])[i], e, `${path}[${i}]`))
    return
  }
  if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort())
    for (const [k, v] of Object.entries(expected)) close((actual as Record<string, unknown>)[k], v, `${path}.${k}`)
    return
  }
  expect(actual, path).toEqual(expected)
}

describe.each<[string, (text: string) => OpNode]>([
  ['test AST builder', ops],
  ['grammar parseOperations', parseOperations],
])('vectors captured from Gnocchi 4.4.2 (%s)', (_parser, ops) => {
  it('has at least 100 cases', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(100)
  })
  it.each(fixture.cases.map((c, i) => [i, c.operations, c] as const))('#%i %s', (_i, _text, c) => {
    const run = (): unknown => {
      const out = runAggregates(
        { operations: ops(c.operations), options: options(c.query), mode: { kind: 'id', lookup: (id) => METRICS.get(id) } },
        (r) => stored(r.metricId, r.aggregation, r.granularityUs),
      )
      return measuresTree(out[0]!.measures)
    }
    if (c.status === 200) {
      close(normalise(run()), normalise((c.body as { measures: unknown }).measures), 'measures')
      return
    }
    let err: unknown
    try {
      run()
    } catch (e) {
      err = e
    }
    expect(err, `expected ${c.status}`).toBeInstanceOf(GnocchiError)
    expect((err as GnocchiError).description).toEqual(c.body.description)
  })
})
