/**
 * The {@link LegacySeriesReader} port over the index and the engine's batched reader
 * (`readSeries`): one `getMetrics` call, one policy lookup per distinct policy, one
 * `readSplits` call per request (architecture.md §2, "never one request per series").
 */
import { readSeries, type SeriesReadRequest } from '../engine/read/read-series.js'
import type { ArchivePolicy } from '../model/archive-policy.js'
import type { Metric } from '../model/metric.js'
import type { IndexStore, SeriesStore } from '../storage/types.js'
import type { LegacySeriesReader, SeriesPoints } from './series-reader.js'

/** What a metric is read at: its policy's finest granularity and that granularity's timespan. */
interface Finest {
  readonly metricId: string
  readonly granularityUs: number
  readonly timespanUs: number | null
  readonly methods: readonly string[]
}

/** Resolves each known metric's policy (deleted or unknown metrics are dropped). */
async function finestOf(index: IndexStore, metricIds: readonly string[]): Promise<Finest[]> {
  if (metricIds.length === 0) return []
  const metrics: Metric[] = await index.getMetrics(metricIds)
  const policies = new Map<string, ArchivePolicy | null>()
  const out: Finest[] = []
  for (const m of metrics) {
    let policy = policies.get(m.archivePolicyName)
    if (policy === undefined) {
      policy = await index.getArchivePolicy(m.archivePolicyName)
      policies.set(m.archivePolicyName, policy)
    }
    if (policy === null || policy.definition.length === 0) continue
    let finest = policy.definition[0]!
    for (const item of policy.definition) if (item.granularityUs < finest.granularityUs) finest = item
    out.push({ metricId: m.id, granularityUs: finest.granularityUs, timespanUs: finest.timespanUs, methods: policy.aggregationMethods })
  }
  return out
}

/**
 * Builds the legacy reader over an index and a series store.
 * @param settle called with the metrics about to be read, to fold in their pending measures
 *   first (the measure service's `ensureProcessed`: read-after-write, as the `/v1` reads).
 */
export function storageSeriesReader(
  index: IndexStore,
  series: SeriesStore,
  settle: (metricIds: readonly string[]) => Promise<void> = async () => undefined,
): LegacySeriesReader {
  return {
    async readMeans(metricIds, fromUs, toUs) {
      await settle(metricIds)
      const targets = (await finestOf(index, metricIds)).filter((f) => f.methods.includes('mean'))
      const requests: SeriesReadRequest[] = targets.map((f) => ({
        metricId: f.metricId,
        aggregation: 'mean',
        granularityUs: f.granularityUs,
        timespanUs: f.timespanUs,
        startUs: fromUs,
        stopUs: toUs,
      }))
      const read = await readSeries(series, requests)
      const out = new Map<string, SeriesPoints>()
      for (const s of read) {
        if (s.timestampsUs.length === 0) continue
        // readSeries floors the start to the granularity; the port promises `[fromUs, toUs)`.
        let first = 0
        while (first < s.timestampsUs.length && s.timestampsUs[first]! < fromUs) first++
        if (first === s.timestampsUs.length) continue
        out.set(s.metricId, { timestampsUs: s.timestampsUs.subarray(first), values: s.values.subarray(first) })
      }
      return out
    },
    async readLatest(metricIds) {
      await settle(metricIds)
      const targets = (await finestOf(index, metricIds)).filter((f) => f.methods.includes('last') || f.methods.includes('mean'))
      const requests: SeriesReadRequest[] = targets.map((f) => ({
        metricId: f.metricId,
        aggregation: f.methods.includes('last') ? 'last' : 'mean',
        granularityUs: f.granularityUs,
        timespanUs: f.timespanUs,
        startUs: null,
        stopUs: null,
      }))
      const read = await readSeries(series, requests)
      const out = new Map<string, number>()
      for (const s of read) {
        const n = s.values.length
        if (n > 0) out.set(s.metricId, s.values[n - 1]!)
      }
      return out
    },
  }
}
