/**
 * Writing already aggregated series as a metric's stored series, for imports from another
 * Gnocchi-compatible service (`polenta import`). Gnocchi's REST API only exposes aggregates, so
 * an import stores exactly what the source answered for every (method, granularity) instead of
 * re-aggregating raw measures it cannot see; every later read then answers what the source
 * answered.
 *
 * The write goes through the same path as processing (gnocchi-storage-semantics.md §4.2): under
 * the metric lock, one atomic `commitProcessing` with the splits to put, the stale splits to
 * delete and a new processing state (split index and newest bucket per series), so a crash
 * leaves either the old series or the new one.
 */
import type { ArchivePolicy } from '../../model/archive-policy.js'
import type { SeriesStore, SplitKey, StoredSplit } from '../../storage/types.js'
import { type Series, EMPTY_SERIES, sliceSeries } from '../carbonara/series.js'
import { encodeSplit, splitStartUs, splitWidthUs } from '../codec/split-codec.js'
import { type SeriesIndex, decodeMetricState, encodeMetricState } from '../codec/state-codec.js'

/** One aggregated series to store: every bucket of one (method, granularity) of the metric. */
export interface AggregatedSeries {
  /** A method of the metric's archive policy (`mean`, `rate:95pct`, …). */
  readonly method: string
  /** A granularity of the metric's archive policy, µs. */
  readonly granularityUs: number
  /** Bucket starts (ascending, unique, multiples of the granularity) and their values. */
  readonly series: Series
}

/** What {@link replaceAggregates} wrote. */
export interface ReplaceOutcome {
  /** Buckets stored over all series. */
  readonly points: number
  readonly splitsWritten: number
  readonly splitsDeleted: number
}

/**
 * Checks one series against the policy and the split codec's expectations.
 * @throws RangeError naming the series and what is wrong with it.
 */
function checkSeries(policy: ArchivePolicy, s: AggregatedSeries): void {
  const name = `${s.method}@${s.granularityUs / 1e6}s`
  if (!policy.aggregationMethods.includes(s.method)) throw new RangeError(`${name}: ${s.method} is not a method of archive policy ${policy.name}`)
  if (!policy.definition.some((d) => d.granularityUs === s.granularityUs)) {
    throw new RangeError(`${name}: granularity is not in archive policy ${policy.name}`)
  }
  const ts = s.series.timestampsUs
  if (ts.length !== s.series.values.length) throw new RangeError(`${name}: ${ts.length} timestamps but ${s.series.values.length} values`)
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!
    if (!Number.isSafeInteger(t) || t % s.granularityUs !== 0) throw new RangeError(`${name}: bucket ${t} µs is not aligned on the granularity`)
    if (i > 0 && !(ts[i - 1]! < t)) throw new RangeError(`${name}: bucket timestamps are not ascending and unique`)
  }
}

/**
 * Replaces the given (method, granularity) series of a metric with `aggregated`; the metric's
 * other series are left as they are. Idempotent: the same input gives the same stored bytes.
 *
 * The raw back-window buffer is emptied: its points were aggregated into the series being
 * replaced, and folding them into the imported buckets again would mix two sources. Measures
 * posted later are aggregated on their own from then on (as after a back window that expired).
 * Incoming measures queued for the metric are left queued.
 * @param timeoutMs how long to wait for the metric lock (the store throws `UNAVAILABLE` after it).
 * @throws RangeError when a series does not fit the policy (nothing is written).
 */
export async function replaceAggregates(
  store: SeriesStore,
  metricId: string,
  policy: ArchivePolicy,
  aggregated: readonly AggregatedSeries[],
  timeoutMs?: number,
): Promise<ReplaceOutcome> {
  const byKey = new Map<string, AggregatedSeries>()
  for (const s of aggregated) {
    checkSeries(policy, s)
    const key = `${s.method}@${s.granularityUs}`
    if (byKey.has(key)) throw new RangeError(`${key}: given twice`)
    byKey.set(key, s)
  }
  return store.withMetricLock(
    metricId,
    async (lock) => {
      const stateBytes = await store.readRawBuffer(metricId)
      const previous = stateBytes === null ? [] : decodeMetricState(stateBytes).series
      // Series not being replaced keep their index entry; the others are rebuilt below.
      const series: SeriesIndex[] = previous.filter((p) => !byKey.has(`${p.method}@${p.granularityUs}`))
      const puts: StoredSplit[] = []
      const deletes: SplitKey[] = []
      let points = 0
      for (const s of byKey.values()) {
        const g = s.granularityUs
        const width = splitWidthUs(g)
        const ts = s.series.timestampsUs
        const starts: number[] = []
        let at = 0
        while (at < ts.length) {
          const startUs = splitStartUs(ts[at]!, g)
          const part = sliceSeries({ timestampsUs: ts.subarray(at), values: s.series.values.subarray(at) }, null, startUs + width)
          puts.push({ key: { aggregation: s.method, granularityUs: g, startUs }, bytes: encodeSplit(part, startUs, g) })
          starts.push(startUs)
          at += part.timestampsUs.length
        }
        points += ts.length
        // Stored splits are listed from storage, not from the state: whatever is there and not
        // rewritten must go, even if a state was lost.
        const keep = new Set(starts)
        for (const startUs of await store.listSplits(metricId, s.method, g)) {
          if (!keep.has(startUs)) deletes.push({ aggregation: s.method, granularityUs: g, startUs })
        }
        series.push({ method: s.method, granularityUs: g, lastUs: ts.length === 0 ? null : ts[ts.length - 1]!, splitStartsUs: starts })
      }
      await store.commitProcessing(lock, {
        processedIncomingIds: [],
        rawBuffer: encodeMetricState({ raw: EMPTY_SERIES, series }),
        putSplits: puts,
        deleteSplits: deletes,
      })
      return { points, splitsWritten: puts.length, splitsDeleted: deletes.length }
    },
    timeoutMs,
  )
}
