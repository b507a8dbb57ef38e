/**
 * Ingest throughput of the Carbonara engine into the default `low` and `high` policies
 * (gnocchi-storage-semantics.md §2.4), batches of 1 000 measures per metric, one measure every
 * 10 s, gauge values with two decimals.
 * - "engine": processBatch only (sort, merge into the raw buffer, recompute touched buckets);
 * - "engine+codec": planProcessing + finish (also decodes, merges, encodes the touched splits
 *   and the metric state) against in-memory splits;
 * - "processMetric": the full orchestrator over the in-test Map store.
 * Run: node --import tsx bench/engine-ingest.bench.ts
 */
import { performance } from 'node:perf_hooks'
import { policyShape, processBatch } from '../src/engine/carbonara/process-batch.js'
import { EMPTY_SERIES, type Series } from '../src/engine/carbonara/series.js'
import { type MetricState, decodeMetricState } from '../src/engine/codec/state-codec.js'
import { planProcessing, processMetric } from '../src/engine/ingest/process-metric.js'
import type { ArchivePolicy } from '../src/model/archive-policy.js'
import { MapSeriesStore } from '../test/engine/carbonara-map-store.js'

const S = 1_000_000
const DEFAULT_METHODS = ['mean', 'min', 'max', 'sum', 'std', 'count']
const POLICIES: ArchivePolicy[] = [
  { name: 'low', backWindow: 0, aggregationMethods: DEFAULT_METHODS, definition: [{ granularityUs: 300 * S, points: 8640, timespanUs: 8640 * 300 * S }] },
  {
    name: 'high',
    backWindow: 0,
    aggregationMethods: DEFAULT_METHODS,
    definition: [
      { granularityUs: S, points: 3600, timespanUs: 3600 * S },
      { granularityUs: 60 * S, points: 10080, timespanUs: 10080 * 60 * S },
      { granularityUs: 3600 * S, points: 8760, timespanUs: 8760 * 3600 * S },
    ],
  },
]
const BATCH = 1000
const METRICS = 20
const BATCHES = 50

function makeBatch(metric: number, b: number): { timesUs: Float64Array; values: Float64Array } {
  const timesUs = new Float64Array(BATCH)
  const values = new Float64Array(BATCH)
  const t0 = 1_704_067_200 * S + b * BATCH * 10 * S
  let v = 20 + metric
  for (let i = 0; i < BATCH; i++) {
    timesUs[i] = t0 + i * 10 * S
    v = Math.round((v + Math.sin(i + b) * 0.3) * 100) / 100
    values[i] = v
  }
  return { timesUs, values }
}

const batches = Array.from({ length: METRICS }, (_, m) => Array.from({ length: BATCHES }, (_, b) => makeBatch(m, b)))
const total = METRICS * BATCHES * BATCH
const rate = (ms: number): string => `${((total / ms) * 1000 / 1e6).toFixed(2)} M measures/s`

for (const policy of POLICIES) {
  const shape = policyShape(policy)
  // engine only
  for (let warm = 0; warm < 2; warm++) {
    const t = performance.now()
    for (let m = 0; m < METRICS; m++) {
      let raw: Series = EMPTY_SERIES
      for (const b of batches[m]!) raw = processBatch(raw, b.timesUs, b.values, shape).raw
    }
    if (warm === 1) console.log(`${policy.name.padEnd(5)} engine:        ${rate(performance.now() - t)}`)
  }
  // engine + codec, splits kept in a Map
  for (let warm = 0; warm < 2; warm++) {
    const t = performance.now()
    for (let m = 0; m < METRICS; m++) {
      let state: MetricState = { raw: EMPTY_SERIES, series: [] }
      const splits = new Map<string, Uint8Array>()
      for (const b of batches[m]!) {
        const plan = planProcessing(state, b, policy)
        const done = plan.finish(plan.reads.map((k) => splits.get(`${k.aggregation}|${k.granularityUs}|${k.startUs}`) ?? null))
        for (const d of done.deletes) splits.delete(`${d.aggregation}|${d.granularityUs}|${d.startUs}`)
        for (const p of done.puts) splits.set(`${p.key.aggregation}|${p.key.granularityUs}|${p.key.startUs}`, p.bytes)
        state = decodeMetricState(done.state)
      }
    }
    if (warm === 1) console.log(`${policy.name.padEnd(5)} engine+codec:  ${rate(performance.now() - t)}`)
  }
  // full orchestrator over the Map store
  for (let warm = 0; warm < 2; warm++) {
    const store = new MapSeriesStore()
    const t = performance.now()
    for (let m = 0; m < METRICS; m++) {
      for (const b of batches[m]!) {
        await store.appendIncoming([{ metricId: `m${m}`, batch: b }])
        await processMetric(store, `m${m}`, policy)
      }
    }
    if (warm === 1) console.log(`${policy.name.padEnd(5)} processMetric: ${rate(performance.now() - t)}`)
  }
}
console.log(`(${METRICS} metrics × ${BATCHES} batches × ${BATCH} measures per run, one measure every 10 s)`)
