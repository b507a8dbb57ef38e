/** replaceAggregates: imported aggregates become the stored series, exactly, atomically and idempotently. */
import { describe, expect, it } from 'vitest'
import { splitWidthUs } from '../../src/engine/codec/split-codec.js'
import { decodeMetricState } from '../../src/engine/codec/state-codec.js'
import { processMetric } from '../../src/engine/ingest/process-metric.js'
import { type AggregatedSeries, replaceAggregates } from '../../src/engine/ingest/replace-aggregates.js'
import { readSeries } from '../../src/engine/read/read-series.js'
import type { ArchivePolicy } from '../../src/model/archive-policy.js'
import { MemorySeriesStore } from '../../src/storage/memory/memory-series-store.js'

const S = 1_000_000
const T0 = 1_704_067_200 * S

const POLICY: ArchivePolicy = {
  name: 'imp',
  backWindow: 0,
  aggregationMethods: ['mean', 'max'],
  definition: [
    { granularityUs: 1 * S, points: 20_000, timespanUs: 20_000 * S },
    { granularityUs: 60 * S, points: null, timespanUs: null },
  ],
}

/** `n` buckets every `step` granularities from `t0`, values `f(i)`. */
function buckets(method: string, granularityUs: number, n: number, step: number, f: (i: number) => number, t0 = T0): AggregatedSeries {
  const ts = Float64Array.from({ length: n }, (_, i) => t0 + i * step * granularityUs)
  return { method, granularityUs, series: { timestampsUs: ts, values: Float64Array.from({ length: n }, (_, i) => f(i)) } }
}

async function read(store: MemorySeriesStore, method: string, granularityUs: number, metricId = 'm'): Promise<[number, number][]> {
  const d = POLICY.definition.find((x) => x.granularityUs === granularityUs)!
  const [s] = await readSeries(store, [{ metricId, aggregation: method, granularityUs, timespanUs: d.timespanUs, startUs: null, stopUs: null }])
  return Array.from(s!.timestampsUs, (t, i): [number, number] => [t, s!.values[i]!])
}

describe('replaceAggregates', () => {
  it('stores series spanning several splits and reads them back exactly', async () => {
    const store = new MemorySeriesStore()
    // 10 000 one-second buckets every other second: 20 000 s, six 3600 s splits.
    const perSecond = buckets('mean', S, 10_000, 2, (i) => (i === 17 ? NaN : i / 3))
    const perMinute = buckets('max', 60 * S, 300, 1, (i) => -i * 1e300)
    const outcome = await replaceAggregates(store, 'm', POLICY, [perSecond, perMinute])
    expect(outcome.points).toBe(10_300)
    expect(outcome.splitsWritten).toBe(Math.ceil(20_000 / 3600) + 1)
    expect(outcome.splitsDeleted).toBe(0)
    expect(await store.listSplits('m', 'mean', S)).toHaveLength(6)
    const back = await read(store, 'mean', S)
    expect(back.map(([t]) => t)).toEqual(Array.from(perSecond.series.timestampsUs))
    expect(back.map(([, v]) => v)).toEqual(Array.from(perSecond.series.values))
    expect(await read(store, 'max', 60 * S)).toEqual(Array.from(perMinute.series.timestampsUs, (t, i) => [t, perMinute.series.values[i]]))
    // Series that were not given stay empty.
    expect(await read(store, 'max', S)).toEqual([])
  })

  it('is idempotent and replaces: stale splits are deleted, other series kept', async () => {
    const store = new MemorySeriesStore()
    const long = buckets('mean', S, 9000, 1, (i) => i)
    const kept = buckets('max', 60 * S, 10, 1, () => 7)
    await replaceAggregates(store, 'm', POLICY, [long, kept])
    const again = await replaceAggregates(store, 'm', POLICY, [long, kept])
    expect(again.splitsDeleted).toBe(0)
    expect(await read(store, 'mean', S)).toHaveLength(9000)

    const short = buckets('mean', S, 5, 1, (i) => -i, T0 + 8000 * S)
    const outcome = await replaceAggregates(store, 'm', POLICY, [short])
    expect(outcome.splitsWritten).toBe(1)
    expect(outcome.splitsDeleted).toBe(2)
    expect(await read(store, 'mean', S)).toEqual(Array.from(short.series.timestampsUs, (t, i) => [t, -i]))
    expect(await read(store, 'max', 60 * S)).toHaveLength(10)

    const state = decodeMetricState((await store.readRawBuffer('m'))!)
    const meanIndex = state.series.find((s) => s.method === 'mean' && s.granularityUs === S)!
    expect(meanIndex.lastUs).toBe(T0 + 8004 * S)
    expect(meanIndex.splitStartsUs).toEqual([Math.floor((T0 + 8000 * S) / splitWidthUs(S)) * splitWidthUs(S)])
    expect(state.raw.timestampsUs).toHaveLength(0)

    await replaceAggregates(store, 'm', POLICY, [{ method: 'mean', granularityUs: S, series: { timestampsUs: new Float64Array(0), values: new Float64Array(0) } }])
    expect(await store.listSplits('m', 'mean', S)).toEqual([])
  })

  it('lets processing continue on top of the imported buckets', async () => {
    const store = new MemorySeriesStore()
    await replaceAggregates(store, 'm', POLICY, [buckets('mean', 60 * S, 3, 1, () => 5)])
    await store.appendIncoming([{ metricId: 'm', batch: { timesUs: Float64Array.of(T0 + 600 * S, T0 + 601 * S), values: Float64Array.of(1, 3) } }])
    await processMetric(store, 'm', POLICY)
    expect(await read(store, 'mean', 60 * S)).toEqual([
      [T0, 5],
      [T0 + 60 * S, 5],
      [T0 + 120 * S, 5],
      [T0 + 600 * S, 2],
    ])
  })

  it('refuses series that do not fit the policy, writing nothing', async () => {
    const store = new MemorySeriesStore()
    await expect(replaceAggregates(store, 'm', POLICY, [buckets('min', S, 1, 1, () => 1)])).rejects.toThrow('min is not a method of archive policy imp')
    await expect(replaceAggregates(store, 'm', POLICY, [buckets('mean', 5 * S, 1, 1, () => 1)])).rejects.toThrow('granularity is not in archive policy imp')
    await expect(replaceAggregates(store, 'm', POLICY, [buckets('mean', 60 * S, 2, 1, () => 1, T0 + S)])).rejects.toThrow('is not aligned')
    await expect(replaceAggregates(store, 'm', POLICY, [buckets('mean', S, 2, 0, () => 1)])).rejects.toThrow('not ascending and unique')
    await expect(replaceAggregates(store, 'm', POLICY, [buckets('mean', S, 1, 1, () => 1), buckets('mean', S, 1, 1, () => 2)])).rejects.toThrow('given twice')
    expect(await store.readRawBuffer('m')).toBeNull()
  })
})
