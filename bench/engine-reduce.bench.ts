/**
 * Cross-metric reduction throughput of the aggregates engine: `(aggregate sum|mean|max
 * (metric … mean))` over 1 000 series × 288 points, plus `rolling` and `resample`, both on the
 * evaluated grid and end to end (alignment + evaluation + output assembly).
 * Run: node --import tsx bench/engine-reduce.bench.ts
 */
import { performance } from 'node:perf_hooks'
import type { OpNode } from '../src/grammar/operations/ast.js'
import { evaluate, runAggregates, type EvalContext, type MetricInfo, type SeriesPoints } from '../src/engine/aggregates/index.js'
import { makeFrame } from '../src/engine/aggregates/frame.js'

const SERIES = 1000
const POINTS = 288
const G = 300e6
const T0 = Date.UTC(2024, 0, 1) * 1000
const ids = Array.from({ length: SERIES }, (_, i) => `00000000-0000-0000-0000-${i.toString(16).padStart(12, '0')}`)
const timestampsUs = Float64Array.from({ length: POINTS }, (_, i) => T0 + i * G)
const values = new Float64Array(SERIES * POINTS)
for (let i = 0; i < values.length; i++) values[i] = Math.sin(i) * 100 + 50
const grid = makeFrame(G, timestampsUs, SERIES, values, false)
const ctx: EvalContext = { grid, lookups: ids.map((id) => [id, 'mean'] as const), normalizeName: (n) => n }
const metricNode: OpNode = { kind: 'metric', single: false, refs: ids.map((name) => ({ name, aggregation: 'mean' })) }

function time(label: string, points: number, fn: () => unknown): void {
  for (let i = 0; i < 5; i++) fn()
  const runs: number[] = []
  const deadline = performance.now() + 1500
  while (performance.now() < deadline || runs.length < 10) {
    const t = performance.now()
    fn()
    runs.push(performance.now() - t)
  }
  runs.sort((a, b) => a - b)
  const median = runs[runs.length >> 1]!
  console.log(`${label.padEnd(58)} median ${median.toFixed(3).padStart(8)} ms   ${(points / (median / 1000) / 1e6).toFixed(0).padStart(6)} M points/s`)
}

const total = SERIES * POINTS
// The metric node copies the selected columns; measure it apart so the reduction figure is honest.
time('(metric …) selection of the whole grid (zero-copy view)', total, () => evaluate(metricNode, ctx))
for (const method of ['sum', 'mean', 'max'] as const) {
  const node: OpNode = { kind: 'aggregate', method, input: metricNode }
  time(`(aggregate ${method} (metric 1000 x 288)) incl. selection`, total, () => evaluate(node, ctx))
}
// Reduction kernel alone, on the grid.
const { reduceAcrossColumns } = await import('../src/engine/aggregates/nan-reduce.js')
for (const method of ['sum', 'mean', 'max'] as const) {
  time(`reduce ${method} kernel 1000 x 288`, total, () => reduceAcrossColumns(method, values, POINTS, SERIES))
}
time('(rolling mean 12 (metric 1000 x 288))', total, () => evaluate({ kind: 'rolling', method: 'mean', window: 12, input: metricNode }, ctx))
time('(resample mean 3600 (metric 1000 x 288))', total, () => evaluate({ kind: 'resample', method: 'mean', granularitySec: 3600, input: metricNode }, ctx))

const metrics = new Map<string, MetricInfo>(ids.map((id) => [id, { id, name: null, granularitiesUs: [G], aggregationMethods: ['mean'] }]))
const stored: SeriesPoints[] = ids.map((_, j) => ({ granularityUs: G, timestampsUs, values: values.subarray(j * POINTS, (j + 1) * POINTS) }))
const byId = new Map(ids.map((id, j) => [id, stored[j]!]))
const sumNode: OpNode = { kind: 'aggregate', method: 'sum', input: metricNode }
time('end to end: plan + align + (aggregate sum …) + output', total, () =>
  runAggregates({ operations: sumNode, options: { startUs: null, stopUs: null, granularityUs: null, neededOverlap: null, fill: null }, mode: { kind: 'id', lookup: (id) => metrics.get(id) } }, (r) => byId.get(r.metricId)!),
)
