/**
 * Per-bucket aggregation (gnocchi-storage-semantics.md §5), bit-for-bit with Carbonara's
 * `GroupedTimeSeries` of Gnocchi 4.4.2 (gnocchi/carbonara.py), which works on NumPy arrays:
 * - `sum` is `numpy.bincount(weights=…)`: a left-to-right double sum starting at 0.0, so we sum
 *   sequentially too (not pairwise);
 * - `mean` is that sum divided by the count; `std` sums `(v − mean)²` the same way;
 * - `min`/`max`/`median`/percentiles read values sorted with NaN last (`numpy.lexsort`);
 * - `rate:` differences the raw points before grouping.
 */
import type { StorageMethod } from './method.js'
import { type Series, EMPTY_SERIES, lowerBound } from './series.js'

/** How timestamps map to buckets: fixed epoch-aligned spans, or a calendar grouping. */
export type Grouping =
  | { readonly kind: 'span'; readonly granularityUs: number }
  | { readonly kind: 'calendar'; readonly bucketOf: (timeUs: number) => number }

/** Buckets of a series: `offsets[k] .. offsets[k+1]` are the rows of bucket `k` starting at `starts[k]`. */
export interface Groups {
  readonly starts: Float64Array
  readonly offsets: Int32Array
}

/** Groups ascending timestamps into buckets (NumPy `unique(return_counts=True)` on rounded times). */
export function groupSeries(timestampsUs: Float64Array, grouping: Grouping): Groups {
  const n = timestampsUs.length
  const starts = new Float64Array(n)
  const offsets = new Int32Array(n + 1)
  let k = 0
  let prev = NaN
  if (grouping.kind === 'span') {
    const g = grouping.granularityUs
    for (let i = 0; i < n; i++) {
      const b = Math.floor(timestampsUs[i]! / g) * g
      if (b !== prev) {
        starts[k] = b
        offsets[k++] = i
        prev = b
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      const b = grouping.bucketOf(timestampsUs[i]!)
      if (b !== prev) {
        starts[k] = b
        offsets[k++] = i
        prev = b
      }
    }
  }
  offsets[k] = n
  return { starts: starts.subarray(0, k), offsets: offsets.subarray(0, k + 1) }
}

/**
 * Aggregates `source` into buckets with `method`, considering only buckets starting at or after
 * `startUs` (null = all), as Carbonara's `group_serie(granularity, start)` then the method.
 *
 * gnocchi-compat: for `rate:` the difference of the first point at or after `startUs` is only
 * computed when the previous raw point is at or after `startUs − granularity`
 * (`GroupedTimeSeries._ts_for_derive`), so a gap between two processing sets loses one rate value,
 * see gnocchi-storage-semantics.md §5.
 * @throws Error for `rate:` with a calendar grouping (Gnocchi raises a TypeError there too).
 */
export function aggregateSeries(source: Series, grouping: Grouping, method: StorageMethod, startUs: number | null): Series {
  let ts = source.timestampsUs
  let vs = source.values
  if (method.rate) {
    if (grouping.kind !== 'span') throw new Error('Cannot derive aggregated value for calendar resampled series')
    const from = startUs === null ? 0 : lowerBound(ts, startUs - grouping.granularityUs)
    const n = ts.length - from - 1
    if (n <= 0) return EMPTY_SERIES
    const dts = ts.subarray(from + 1)
    const dvs = new Float64Array(n)
    for (let i = 0; i < n; i++) dvs[i] = vs[from + i + 1]! - vs[from + i]!
    ts = dts
    vs = dvs
  }
  if (startUs !== null) {
    const a = lowerBound(ts, startUs)
    ts = ts.subarray(a)
    vs = vs.subarray(a)
  }
  if (ts.length === 0) return EMPTY_SERIES
  return reduceGroups(vs, groupSeries(ts, grouping), method)
}

/** Applies one reducer to every bucket of already grouped values. */
export function reduceGroups(values: Float64Array, groups: Groups, method: StorageMethod): Series {
  const { starts, offsets } = groups
  const k = starts.length
  const out = new Float64Array(k)
  switch (method.kind) {
    case 'sum':
    case 'mean':
      for (let b = 0; b < k; b++) {
        const end = offsets[b + 1]!
        let acc = 0
        for (let i = offsets[b]!; i < end; i++) acc += values[i]!
        out[b] = method.kind === 'mean' ? acc / (end - offsets[b]!) : acc
      }
      return { timestampsUs: starts, values: out }
    case 'count':
      for (let b = 0; b < k; b++) out[b] = offsets[b + 1]! - offsets[b]!
      return { timestampsUs: starts, values: out }
    case 'first':
      for (let b = 0; b < k; b++) out[b] = values[offsets[b]!]!
      return { timestampsUs: starts, values: out }
    case 'last':
      for (let b = 0; b < k; b++) out[b] = values[offsets[b + 1]! - 1]!
      return { timestampsUs: starts, values: out }
    case 'min':
      // First of the NaN-last stable sort: the smallest non-NaN value (earliest among equals).
      for (let b = 0; b < k; b++) {
        let best = NaN
        for (let i = offsets[b]!, end = offsets[b + 1]!; i < end; i++) {
          const v = values[i]!
          if (v < best || best !== best) best = v
        }
        out[b] = best
      }
      return { timestampsUs: starts, values: out }
    case 'max':
      // Last of the NaN-last stable sort: NaN if any value is NaN, else the largest (latest among equals).
      for (let b = 0; b < k; b++) {
        let best = -Infinity
        for (let i = offsets[b]!, end = offsets[b + 1]!; i < end; i++) {
          const v = values[i]!
          if (v !== v) {
            best = NaN
            break
          }
          if (v >= best) best = v
        }
        out[b] = best
      }
      return { timestampsUs: starts, values: out }
    case 'std':
      return std(values, groups)
    case 'median':
      for (let b = 0; b < k; b++) {
        const sorted = sortedBucket(values, offsets[b]!, offsets[b + 1]!)
        const n = sorted.length
        const lo = n - 1 - Math.floor(n / 2)
        const hi = lo + (n % 2 === 0 ? 1 : 0)
        out[b] = (sorted[lo]! + sorted[hi]!) / 2.0
      }
      return { timestampsUs: starts, values: out }
    case 'pct': {
      const frac = method.q / 100
      for (let b = 0; b < k; b++) {
        const minPos = offsets[b]!
        const sorted = sortedBucket(values, minPos, offsets[b + 1]!)
        // gnocchi-compat: positions are absolute in the grouped array (`min_pos + (n − 1) × q/100`),
        // which rounds differently from a per-bucket position, see carbonara.py quantile().
        const real = minPos + (sorted.length - 1) * frac
        const fl = Math.floor(real)
        const ce = Math.ceil(real)
        out[b] =
          fl === ce ? sorted[fl - minPos]! : sorted[fl - minPos]! * (ce - real) + sorted[ce - minPos]! * (real - fl)
      }
      return { timestampsUs: starts, values: out }
    }
  }
}

/** Sample standard deviation; buckets of one point produce no row. */
function std(values: Float64Array, groups: Groups): Series {
  const { starts, offsets } = groups
  const k = starts.length
  const ts = new Float64Array(k)
  const out = new Float64Array(k)
  let m = 0
  for (let b = 0; b < k; b++) {
    const begin = offsets[b]!
    const end = offsets[b + 1]!
    const n = end - begin
    if (n < 2) continue
    let acc = 0
    for (let i = begin; i < end; i++) acc += values[i]!
    const mean = acc / n
    let sq = 0
    for (let i = begin; i < end; i++) {
      const d = values[i]! - mean
      sq += d * d
    }
    ts[m] = starts[b]!
    out[m++] = Math.sqrt(sq / (n - 1))
  }
  return { timestampsUs: ts.subarray(0, m), values: out.subarray(0, m) }
}

/** The bucket's values sorted ascending with NaN last (TypedArray numeric sort order). */
function sortedBucket(values: Float64Array, begin: number, end: number): Float64Array {
  return values.slice(begin, end).sort()
}
