/**
 * `resample` bucket reduction with the archive aggregation functions of
 * gnocchi-storage-semantics.md §5 (Carbonara's GroupedTimeSeries), which, unlike `aggregate`,
 * do not ignore NaN: mean/sum/max are NaN if any value is, min ignores NaN unless all are,
 * median sorts NaN last, std is the sample deviation and drops single-row buckets.
 */
import type { BaseMethod } from './methods.js'

/** Bucket starts present and one value per bucket. */
export interface Resampled {
  readonly timestampsUs: Float64Array
  readonly values: Float64Array
}

/** Epoch-aligned buckets of a timestamp column: `starts[k] .. starts[k + 1]` are the rows of bucket `k`. */
export interface Buckets {
  readonly timestampsUs: Float64Array
  /** Row offsets, length = buckets + 1. */
  readonly starts: Int32Array
}

/**
 * Groups ascending timestamps into buckets of `granularityUs` (`floor(t / g) * g`).
 * `dropSingles` omits buckets of one row (sample `std` has no value there).
 */
export function bucketize(timestampsUs: Float64Array, granularityUs: number, dropSingles: boolean): Buckets {
  const n = timestampsUs.length
  const ts = new Float64Array(n)
  const starts = new Int32Array(n + 1)
  let k = 0
  for (let i = 0; i < n; i++) {
    const b = Math.floor(timestampsUs[i]! / granularityUs) * granularityUs
    if (k === 0 || ts[k - 1] !== b) {
      ts[k] = b
      starts[k++] = i
    }
  }
  starts[k] = n
  if (!dropSingles) return { timestampsUs: ts.slice(0, k), starts: starts.slice(0, k + 1) }
  // keep [start, end) pairs of buckets with ≥ 2 rows, encoded as consecutive starts
  const keptTs: number[] = []
  const keptStarts: number[] = []
  for (let b = 0; b < k; b++) {
    if (starts[b + 1]! - starts[b]! >= 2) {
      keptTs.push(ts[b]!)
      keptStarts.push(starts[b]!, starts[b + 1]!)
    }
  }
  return { timestampsUs: Float64Array.from(keptTs), starts: Int32Array.from(keptStarts) }
}

/** Reduces one column bucket by bucket into `out` (one value per bucket). */
export function reduceBuckets(method: Exclude<BaseMethod, 'var'>, values: Float64Array, buckets: Buckets, out: Float64Array): void {
  const n = buckets.timestampsUs.length
  const scratch = new Float64Array(method === 'median' ? values.length : 0)
  // std buckets carry explicit [start, end) pairs; the others share boundaries
  const paired = method === 'std'
  for (let k = 0; k < n; k++) {
    const from = paired ? buckets.starts[2 * k]! : buckets.starts[k]!
    const to = paired ? buckets.starts[2 * k + 1]! : buckets.starts[k + 1]!
    out[k] = reduceBucket(method, values, from, to, scratch)
  }
}

/** Regroups one ascending column into epoch-aligned buckets of `granularityUs`. */
export function resampleColumn(method: Exclude<BaseMethod, 'var'>, timestampsUs: Float64Array, values: Float64Array, granularityUs: number): Resampled {
  const buckets = bucketize(timestampsUs, granularityUs, method === 'std')
  const out = new Float64Array(buckets.timestampsUs.length)
  reduceBuckets(method, values, buckets, out)
  return { timestampsUs: buckets.timestampsUs, values: out }
}

function reduceBucket(method: Exclude<BaseMethod, 'var'>, v: Float64Array, from: number, to: number, scratch: Float64Array): number {
  const count = to - from
  switch (method) {
    case 'count':
      return count
    case 'sum': {
      let s = 0
      for (let i = from; i < to; i++) s += v[i]!
      return s
    }
    case 'mean': {
      let s = 0
      for (let i = from; i < to; i++) s += v[i]!
      return s / count
    }
    case 'std': {
      let s = 0
      for (let i = from; i < to; i++) s += v[i]!
      const mean = s / count
      let sq = 0
      for (let i = from; i < to; i++) sq += (v[i]! - mean) * (v[i]! - mean)
      return Math.sqrt(sq / (count - 1))
    }
    case 'max': {
      let m = Number.NEGATIVE_INFINITY
      for (let i = from; i < to; i++) {
        const x = v[i]!
        if (x !== x) return Number.NaN
        if (x > m) m = x
      }
      return m
    }
    case 'min': {
      let m = Number.NaN
      for (let i = from; i < to; i++) {
        const x = v[i]!
        if (x === x && (m !== m || x < m)) m = x
      }
      return m
    }
    case 'median': {
      // Float64Array#sort orders NaN last, as numpy.lexsort does
      const sorted = scratch.subarray(0, count)
      sorted.set(v.subarray(from, to))
      sorted.sort()
      const lo = sorted[(count - 1) >> 1]!
      const hi = sorted[count >> 1]!
      return (lo + hi) / 2
    }
  }
}
