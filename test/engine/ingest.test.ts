/** processMetric over the Map store: batching invariance, crash safety, idempotence, retention, batched reads. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { policyShape, processBatch } from '../../src/engine/carbonara/process-batch.js'
import { EMPTY_SERIES } from '../../src/engine/carbonara/series.js'
import { processMetric } from '../../src/engine/ingest/process-metric.js'
import { readSeries } from '../../src/engine/read/read-series.js'
import type { ArchivePolicy } from '../../src/model/archive-policy.js'
import { MapSeriesStore } from './carbonara-map-store.js'

const S = 1_000_000
const T0 = 1_704_067_200 * S

const POLICY: ArchivePolicy = {
  name: 'prop',
  backWindow: 0,
  aggregationMethods: ['mean', 'sum', 'last', 'max', 'min', 'std', 'median', 'first', 'count', '10pct', '95pct', 'rate:mean', 'rate:last'],
  definition: [
    { granularityUs: 1 * S, points: null, timespanUs: null },
    { granularityUs: 10 * S, points: 50, timespanUs: 500 * S },
    { granularityUs: 60 * S, points: 20, timespanUs: 1200 * S },
  ],
}

async function ingest(batches: [number, number][][], policy = POLICY): Promise<MapSeriesStore> {
  const store = new MapSeriesStore()
  for (const b of batches) {
    await store.appendIncoming([
      { metricId: 'm', batch: { timesUs: Float64Array.from(b, ([t]) => t), values: Float64Array.from(b, ([, v]) => v) } },
    ])
    await processMetric(store, 'm', policy)
  }
  return store
}

async function dump(store: MapSeriesStore, policy = POLICY): Promise<Map<string, [number, number][]>> {
  const requests = policy.aggregationMethods.flatMap((aggregation) =>
    policy.definition.map((d) => ({
      metricId: 'm',
      aggregation,
      granularityUs: d.granularityUs,
      timespanUs: d.timespanUs,
      startUs: null,
      stopUs: null,
    })),
  )
  const out = new Map<string, [number, number][]>()
  for (const s of await readSeries(store, requests)) {
    out.set(`${s.aggregation}@${s.granularityUs}`, Array.from(s.timestampsUs, (t, i): [number, number] => [t, s.values[i]!]))
  }
  return out
}

const measuresArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 3000 * 4 }), { minLength: 1, maxLength: 300 })
  .chain((ticks) =>
    fc.tuple(
      fc.constant([...ticks].sort((a, b) => a - b)),
      fc.array(fc.oneof(fc.integer({ min: -100, max: 100 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), {
        minLength: ticks.length,
        maxLength: ticks.length,
      }),
      fc.array(fc.integer({ min: 1, max: 299 }), { maxLength: 6 }),
    ),
  )

describe('processMetric', () => {
  it('one batch equals many time-ordered batches (except rate:, and percentiles to the last bits)', async () => {
    await fc.assert(
      fc.asyncProperty(measuresArb, async ([ticks, values, cuts]) => {
        const measures = ticks.map((k, i): [number, number] => [T0 + k * 250_000, values[i]!])
        const bounds = [...new Set([0, ...cuts.filter((c) => c < measures.length), measures.length])].sort((a, b) => a - b)
        const chunks = bounds.slice(1).map((end, i) => measures.slice(bounds[i], end))
        const one = await dump(await ingest([measures]))
        const many = await dump(await ingest(chunks))
        for (const [key, rows] of one) {
          // gnocchi-compat: rate: loses the first difference after a gap between processing sets (§5).
          if (key.startsWith('rate:')) continue
          const other = many.get(key)!
          expect(other.map(([t]) => t), key).toEqual(rows.map(([t]) => t))
          if (key.includes('pct')) {
            // Percentile positions are absolute in the recomputed array (carbonara quantile()), so the
            // interpolation weights may round differently when the recomputation starts elsewhere.
            rows.forEach(([, v], i) => expect(other[i]![1]).toBeCloseTo(v, 6))
          } else expect(other.map(([, v]) => v), key).toEqual(rows.map(([, v]) => v))
        }
      }),
      { numRuns: 40 },
    )
  })

  it('percentiles depend on where recomputation starts (absolute positions, as 4.4.2 quantile())', () => {
    const shape = policyShape({ ...POLICY, aggregationMethods: ['95pct'], definition: [{ granularityUs: 10 * S, points: null, timespanUs: null }] })
    const ts = Float64Array.from({ length: 400 }, (_, i) => T0 + i * S)
    const vs = Float64Array.from({ length: 400 }, (_, i) => Math.sin(i) * 1000)
    const one = processBatch(EMPTY_SERIES, ts, vs, shape).recomputed[0]!.series
    const first = processBatch(EMPTY_SERIES, ts.subarray(0, 395), vs.subarray(0, 395), shape)
    const two = processBatch(first.raw, ts.subarray(395), vs.subarray(395), shape).recomputed[0]!.series
    const a = one.values.at(-1)!
    const b = two.values.at(-1)!
    expect(a).not.toBe(b)
    expect(b).toBeCloseTo(a, 9)
  })

  it('is crash-safe: a failed commit changes nothing and the retry gives the same result', async () => {
    const batch: [number, number][] = Array.from({ length: 50 }, (_, i) => [T0 + i * 7 * S, i * 1.5])
    const reference = await dump(await ingest([batch]))
    const store = new MapSeriesStore()
    await store.appendIncoming([{ metricId: 'm', batch: { timesUs: Float64Array.from(batch, ([t]) => t), values: Float64Array.from(batch, ([, v]) => v) } }])
    store.failNextCommit = true
    await expect(processMetric(store, 'm', POLICY)).rejects.toThrow('simulated crash')
    expect(store.raw.size).toBe(0)
    expect((await store.readIncoming('m')).length).toBe(1)
    const outcome = await processMetric(store, 'm', POLICY)
    expect(outcome).toMatchObject({ entries: 1, measures: 50, accepted: 50 })
    expect(await dump(store)).toEqual(reference)
  })

  it('is idempotent: processing with nothing pending changes nothing', async () => {
    const store = await ingest([[[T0, 1], [T0 + 61 * S, 2]]])
    const before = new Map(store.splits.get('m'))
    const raw = store.raw.get('m')
    expect(await processMetric(store, 'm', POLICY)).toMatchObject({ entries: 0, splitsWritten: 0 })
    expect(store.splits.get('m')).toEqual(before)
    expect(store.raw.get('m')).toBe(raw)
  })

  it('folds several pending batches into one processing set', async () => {
    const store = new MapSeriesStore()
    const mk = (t: number, v: number) => ({ metricId: 'm', batch: { timesUs: Float64Array.of(t), values: Float64Array.of(v) } })
    await store.appendIncoming([mk(T0 + 5 * S, 5), mk(T0 + 5 * S, 3), mk(T0 + 6 * S, NaN), mk(T0 + 6 * S, 7)])
    expect(await processMetric(store, 'm', POLICY)).toMatchObject({ entries: 4, measures: 4, accepted: 2 })
    // Same timestamp within one set: the smallest value wins, NaN sorting last (§4.2).
    expect((await dump(store)).get(`last@${S}`)).toEqual([[T0 + 5 * S, 3], [T0 + 6 * S, 7]])
  })

  it('deletes splits that fall out of retention and trims the oldest kept one', async () => {
    const policy: ArchivePolicy = {
      name: 'ret',
      backWindow: 0,
      aggregationMethods: ['last'],
      definition: [{ granularityUs: S, points: 5000, timespanUs: 5000 * S }],
    }
    const first: [number, number][] = Array.from({ length: 7200 }, (_, i) => [T0 + i * S, i])
    const store = await ingest([first], policy)
    // T0 is midnight, so the 7200 buckets fill exactly the first two split windows.
    expect(await store.listSplits('m', 'last', S)).toEqual([T0, T0 + 3600 * S])
    await store.appendIncoming([{ metricId: 'm', batch: { timesUs: Float64Array.of(T0 + 12_000 * S), values: Float64Array.of(1) } }])
    await processMetric(store, 'm', policy)
    const rows = (await dump(store, policy)).get(`last@${S}`)!
    // Newest bucket 12000 s: keep buckets after 12000 − 5000 s.
    expect(rows[0]).toEqual([T0 + 7001 * S, 7001])
    expect(rows.at(-1)).toEqual([T0 + 12_000 * S, 1])
    expect(rows).toHaveLength(200)
    // Window 0 is deleted, window 1 trimmed, window 3 created.
    expect(await store.listSplits('m', 'last', S)).toEqual([T0 + 3600 * S, T0 + 10_800 * S])
  })

  it('reads many series with one readSplits call', async () => {
    const store = await ingest([[[T0, 1], [T0 + 61 * S, 2]]])
    store.readSplitsCalls = 0
    const all = await dump(store)
    expect(store.readSplitsCalls).toBe(1)
    expect(all.size).toBe(POLICY.aggregationMethods.length * POLICY.definition.length)
  })
})
