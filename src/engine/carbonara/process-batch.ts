/**
 * One processing set of a metric (gnocchi-storage-semantics.md §4.2): sort the new measures,
 * drop late ones, merge them into the raw back-window buffer, recompute the touched buckets of
 * every (granularity, method) and trim the buffer. Pure: the caller reads and writes storage.
 */
import type { ArchivePolicy } from '../../model/archive-policy.js'
import { aggregateSeries } from './aggregate.js'
import { type StorageMethod, requireStorageMethod } from './method.js'
import { type Series, floorTo, lowerBound, overlaySeries } from './series.js'

/** The recomputed buckets of one (granularity, method) series. */
export interface RecomputedSeries {
  readonly granularityUs: number
  readonly method: string
  /** First bucket start that was recomputed (`s` of §4.2 step 6); buckets before it are untouched. */
  readonly fromUs: number
  /** The recomputed buckets (may be empty, e.g. `std` with single-point buckets). */
  readonly series: Series
}

/** Result of {@link processBatch}. */
export interface BatchResult {
  /** The raw buffer to store. */
  readonly raw: Series
  /** Number of new measures merged (after the late filter and de-duplication). */
  readonly accepted: number
  /** Number of new measures dropped as late (older than the back window). */
  readonly dropped: number
  readonly recomputed: readonly RecomputedSeries[]
}

/** The per-policy constants processing needs, computed once per policy. */
export interface PolicyShape {
  /** Distinct granularities, ascending. */
  readonly granularitiesUs: readonly number[]
  readonly methods: readonly StorageMethod[]
  /** Largest granularity: the back-window block size. */
  readonly blockUs: number
  /** `back_window`, plus 1 when a `rate:` method needs the previous point. */
  readonly backWindowBlocks: number
}

/** Derives the {@link PolicyShape} of an archive policy. */
export function policyShape(policy: ArchivePolicy): PolicyShape {
  const granularitiesUs = [...new Set(policy.definition.map((d) => d.granularityUs))].sort((a, b) => a - b)
  const methods = policy.aggregationMethods.map(requireStorageMethod)
  const blockUs = granularitiesUs[granularitiesUs.length - 1] ?? 1
  // gnocchi-compat: one extra block of raw points is kept when any method is `rate:`, see
  // gnocchi/storage/__init__.py (`back_window + 1` for derived aggregations).
  const backWindowBlocks = policy.backWindow + (methods.some((m) => m.rate) ? 1 : 0)
  return { granularitiesUs, methods, blockUs, backWindowBlocks }
}

/** First timestamp the raw buffer keeps given its newest point (`first_block_timestamp`). */
export function firstBlockTimestamp(lastUs: number, shape: PolicyShape): number {
  return floorTo(lastUs, shape.blockUs) - shape.backWindowBlocks * shape.blockUs
}

/**
 * Processes one set of new measures against the current raw buffer.
 * @param raw the stored raw buffer (ascending unique timestamps), or the empty series.
 * @param timesUs new measure timestamps (µs), any order, duplicates allowed.
 * @param values new measure values, parallel to `timesUs`.
 */
export function processBatch(raw: Series, timesUs: Float64Array, values: Float64Array, shape: PolicyShape): BatchResult {
  const incoming = sortDedupe(timesUs, values)
  const n = incoming.timestampsUs.length
  if (n === 0) return { raw, accepted: 0, dropped: 0, recomputed: [] }
  const firstNewUs = incoming.timestampsUs[0]!
  let accepted = incoming
  if (raw.timestampsUs.length > 0) {
    // §4.2 step 4: late points are silently discarded.
    const threshold = firstBlockTimestamp(raw.timestampsUs[raw.timestampsUs.length - 1]!, shape)
    const from = lowerBound(incoming.timestampsUs, threshold)
    if (from > 0) {
      accepted = { timestampsUs: incoming.timestampsUs.subarray(from), values: incoming.values.subarray(from) }
    }
  }
  const merged = overlaySeries(raw, accepted)
  const firstUs = Math.max(merged.timestampsUs[0]!, firstNewUs)
  const recomputed: RecomputedSeries[] = []
  for (const g of shape.granularitiesUs) {
    const fromUs = floorTo(firstUs, g)
    for (const method of shape.methods) {
      recomputed.push({
        granularityUs: g,
        method: method.name,
        fromUs,
        series: aggregateSeries(merged, { kind: 'span', granularityUs: g }, method, fromUs),
      })
    }
  }
  // §4.2 step 8.
  const keepFrom = firstBlockTimestamp(merged.timestampsUs[merged.timestampsUs.length - 1]!, shape)
  const cut = lowerBound(merged.timestampsUs, keepFrom)
  const trimmed =
    cut === 0 ? merged : { timestampsUs: merged.timestampsUs.slice(cut), values: merged.values.slice(cut) }
  return { raw: trimmed, accepted: accepted.timestampsUs.length, dropped: n - accepted.timestampsUs.length, recomputed }
}

/**
 * Sorts by (timestamp, value) and keeps the first row of each timestamp: the smallest value, NaN
 * last (NumPy structured sort then `unique(return_index=True)`).
 *
 * gnocchi-compat: within one processing set the smallest value wins a duplicate timestamp, see
 * gnocchi-storage-semantics.md §4.2 step 5.
 */
export function sortDedupe(timesUs: Float64Array, values: Float64Array): Series {
  const n = timesUs.length
  let ordered = true
  for (let i = 1; i < n; i++) {
    if (!(timesUs[i - 1]! < timesUs[i]!)) {
      ordered = false
      break
    }
  }
  if (ordered) return { timestampsUs: timesUs, values }
  const idx = new Uint32Array(n)
  for (let i = 0; i < n; i++) idx[i] = i
  idx.sort((a, b) => timesUs[a]! - timesUs[b]! || compareValues(values[a]!, values[b]!))
  const ts = new Float64Array(n)
  const vs = new Float64Array(n)
  let k = 0
  for (let i = 0; i < n; i++) {
    const t = timesUs[idx[i]!]!
    if (k > 0 && ts[k - 1] === t) continue
    ts[k] = t
    vs[k++] = values[idx[i]!]!
  }
  return { timestampsUs: ts.subarray(0, k), values: vs.subarray(0, k) }
}

/** Ascending with NaN last. */
function compareValues(a: number, b: number): number {
  if (a < b) return -1
  if (a > b) return 1
  if (a === b) return 0
  if (a !== a) return b !== b ? 0 : 1
  return -1
}
