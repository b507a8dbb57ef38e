/**
 * Processing of one metric's pending measures (architecture.md §2 "Ingest", gnocchi-storage-semantics.md
 * §4.2 and §6), on top of the {@link SeriesStore} contract:
 * under the metric lock, read the incoming entries and the metric state, compute with
 * {@link processBatch}, read exactly the splits to update (one `readSplitsByKey` call), merge,
 * apply retention, and write everything — new state, splits, deletions, removal of the incoming
 * entries — in one atomic `commitProcessing`. A crash before the commit leaves the incoming
 * entries in place, so processing is simply redone; after it, they are gone: every acknowledged
 * measure is folded in exactly once.
 */
import type { ArchivePolicy } from '../../model/archive-policy.js'
import type { MeasureBatch, SeriesStore, SplitKey, StoredSplit } from '../../storage/types.js'
import { type PolicyShape, policyShape, processBatch } from '../carbonara/process-batch.js'
import { type Series, EMPTY_SERIES, lowerBound, overlaySeries, sliceSeries } from '../carbonara/series.js'
import { decodeSplit, encodeSplit, splitStartUs, splitWidthUs } from '../codec/split-codec.js'
import { type MetricState, type SeriesIndex, decodeMetricState, encodeMetricState } from '../codec/state-codec.js'

/** What one call of {@link processMetric} did. */
export interface ProcessOutcome {
  /** Incoming entries folded in (0 when there was nothing to do). */
  readonly entries: number
  /** Measures in those entries. */
  readonly measures: number
  /** Measures merged into the raw buffer (the others were late or duplicates). */
  readonly accepted: number
  /** Splits written and deleted. */
  readonly splitsWritten: number
  readonly splitsDeleted: number
}

const NOTHING: ProcessOutcome = { entries: 0, measures: 0, accepted: 0, splitsWritten: 0, splitsDeleted: 0 }

const shapes = new WeakMap<ArchivePolicy, PolicyShape>()

function shapeOf(policy: ArchivePolicy): PolicyShape {
  let s = shapes.get(policy)
  if (s === undefined) {
    s = policyShape(policy)
    shapes.set(policy, s)
  }
  return s
}

/**
 * Processes every pending batch of a metric. Idempotent: with nothing pending it reads the
 * incoming queue and returns.
 * @param timeoutMs how long to wait for the metric lock (the store throws `UNAVAILABLE` after it).
 */
export async function processMetric(
  series: SeriesStore,
  metricId: string,
  policy: ArchivePolicy,
  timeoutMs?: number,
): Promise<ProcessOutcome> {
  return series.withMetricLock(
    metricId,
    async (lock) => {
      const entries = await series.readIncoming(metricId)
      if (entries.length === 0) return NOTHING
      const stateBytes = await series.readRawBuffer(metricId)
      const state: MetricState = stateBytes === null ? { raw: EMPTY_SERIES, series: [] } : decodeMetricState(stateBytes)
      const plan = planProcessing(state, concatBatches(entries.map((e) => e.batch)), policy)
      const existing = plan.reads.length === 0 ? [] : await series.readSplitsByKey(metricId, plan.reads)
      const result = plan.finish(existing)
      await series.commitProcessing(lock, {
        processedIncomingIds: entries.map((e) => e.id),
        rawBuffer: result.state,
        putSplits: result.puts,
        deleteSplits: result.deletes,
      })
      return {
        entries: entries.length,
        measures: plan.measures,
        accepted: plan.accepted,
        splitsWritten: result.puts.length,
        splitsDeleted: result.deletes.length,
      }
    },
    timeoutMs,
  )
}

/** Concatenates incoming batches in queue order (the processing set of §4.2). */
export function concatBatches(batches: readonly MeasureBatch[]): MeasureBatch {
  if (batches.length === 1) return batches[0]!
  let n = 0
  for (const b of batches) n += b.timesUs.length
  const timesUs = new Float64Array(n)
  const values = new Float64Array(n)
  let at = 0
  for (const b of batches) {
    timesUs.set(b.timesUs, at)
    values.set(b.values, at)
    at += b.timesUs.length
  }
  return { timesUs, values }
}

/** The pure part of processing, split around the one storage read it needs. */
export interface ProcessingPlan {
  readonly measures: number
  readonly accepted: number
  /** Splits to read before {@link ProcessingPlan.finish}. */
  readonly reads: readonly SplitKey[]
  /** Completes processing given the bytes of {@link ProcessingPlan.reads} (null = absent). */
  finish(existing: readonly (Uint8Array | null)[]): { state: Uint8Array; puts: StoredSplit[]; deletes: SplitKey[] }
}

interface SeriesPlan {
  readonly method: string
  readonly granularityUs: number
  readonly recomputed: Series
  /** Buckets with timestamp <= this are expired; -Infinity when retention is unbounded. */
  readonly expiredUpToUs: number
  readonly lastUs: number | null
  /** Split windows to rewrite, each with its index into the read keys or -1 when not stored. */
  readonly rewrite: { startUs: number; readAt: number }[]
  readonly deletes: number[]
  readonly kept: number[]
}

/**
 * Plans the processing of one set of measures against a decoded state: what to read, then how
 * to build the commit. Exposed for tests and benchmarks that drive the engine without storage.
 */
export function planProcessing(state: MetricState, batch: MeasureBatch, policy: ArchivePolicy): ProcessingPlan {
  const shape = shapeOf(policy)
  const result = processBatch(state.raw, batch.timesUs, batch.values, shape)
  const timespans = new Map<number, number | null>()
  for (const d of policy.definition) timespans.set(d.granularityUs, d.timespanUs)
  const indexes = new Map<string, SeriesIndex>()
  for (const s of state.series) indexes.set(`${s.method}@${s.granularityUs}`, s)

  const reads: SplitKey[] = []
  const plans: SeriesPlan[] = []
  for (const rc of result.recomputed) {
    const key = `${rc.method}@${rc.granularityUs}`
    const idx = indexes.get(key)
    indexes.delete(key)
    const n = rc.series.timestampsUs.length
    if (n === 0) {
      if (idx !== undefined) indexes.set(key, idx)
      continue
    }
    const g = rc.granularityUs
    const width = splitWidthUs(g)
    const newest = rc.series.timestampsUs[n - 1]!
    const lastUs = idx?.lastUs == null ? newest : Math.max(idx.lastUs, newest)
    const timespan = timespans.get(g) ?? null
    // §6 (recommended variant): keep buckets newer than the newest bucket of the whole series − timespan.
    const expiredUpToUs = timespan === null ? -Infinity : lastUs - timespan
    const stored = new Set(idx?.splitStartsUs ?? [])
    const touched = new Set<number>()
    const firstLive = lowerBound(rc.series.timestampsUs, expiredUpToUs + 1)
    for (let i = firstLive; i < n; i++) touched.add(splitStartUs(rc.series.timestampsUs[i]!, g))
    const deletes: number[] = []
    const kept: number[] = []
    for (const start of stored) {
      if (start + width - g <= expiredUpToUs) deletes.push(start)
      else kept.push(start)
    }
    // The oldest surviving stored split is trimmed when retention moved into it.
    const previousExpiry = timespan === null || idx?.lastUs == null ? -Infinity : idx.lastUs - timespan
    if (expiredUpToUs > previousExpiry) {
      const edge = splitStartUs(expiredUpToUs, g)
      if (stored.has(edge) && !deletes.includes(edge)) touched.add(edge)
    }
    const rewrite = [...touched]
      .sort((a, b) => a - b)
      .map((startUs) => {
        if (!stored.has(startUs)) return { startUs, readAt: -1 }
        reads.push({ aggregation: rc.method, granularityUs: g, startUs })
        return { startUs, readAt: reads.length - 1 }
      })
    plans.push({ method: rc.method, granularityUs: g, recomputed: rc.series, expiredUpToUs, lastUs, rewrite, deletes, kept })
  }

  return {
    measures: batch.timesUs.length,
    accepted: result.accepted,
    reads,
    finish(existing) {
      const puts: StoredSplit[] = []
      const deletes: SplitKey[] = []
      const series: SeriesIndex[] = [...indexes.values()]
      for (const p of plans) {
        const g = p.granularityUs
        const width = splitWidthUs(g)
        const live = new Set(p.kept)
        for (const start of p.deletes) deletes.push({ aggregation: p.method, granularityUs: g, startUs: start })
        for (const { startUs, readAt } of p.rewrite) {
          const bytes = readAt >= 0 ? existing[readAt] ?? null : null
          const base = bytes === null ? EMPTY_SERIES : decodeSplit(bytes, startUs, g)
          const fresh = sliceSeries(p.recomputed, startUs, startUs + width)
          const merged = sliceSeries(overlaySeries(base, fresh), p.expiredUpToUs + 1, null)
          const key: SplitKey = { aggregation: p.method, granularityUs: g, startUs }
          if (merged.timestampsUs.length === 0) {
            if (live.delete(startUs)) deletes.push(key)
            continue
          }
          live.add(startUs)
          puts.push({ key, bytes: encodeSplit(merged, startUs, g) })
        }
        series.push({
          method: p.method,
          granularityUs: g,
          lastUs: p.lastUs,
          splitStartsUs: [...live].sort((a, b) => a - b),
        })
      }
      return { state: encodeMetricState({ raw: result.raw, series }), puts, deletes }
    },
  }
}
