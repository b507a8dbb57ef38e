/**
 * Columnar series shared by processing, the codec and reads. Timestamps are integer µs since the
 * epoch held in doubles, ascending and unique.
 */

/** A time series in two parallel columns. */
export interface Series {
  readonly timestampsUs: Float64Array
  readonly values: Float64Array
}

/** The empty series. */
export const EMPTY_SERIES: Series = Object.freeze({ timestampsUs: new Float64Array(0), values: new Float64Array(0) })

/** `floor(t / g) * g`: the epoch-aligned bucket of `t` (exact for integer µs below 2^53). */
export function floorTo(timeUs: number, granularityUs: number): number {
  return Math.floor(timeUs / granularityUs) * granularityUs
}

/** Index of the first timestamp `>= t` (NumPy `searchsorted(side='left')`). */
export function lowerBound(timestampsUs: Float64Array, t: number, from = 0, to = timestampsUs.length): number {
  let lo = from
  let hi = to
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (timestampsUs[mid]! < t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The rows of `s` with `fromUs <= t < toUs` (bounds may be null = open), sharing the buffers. */
export function sliceSeries(s: Series, fromUs: number | null, toUs: number | null): Series {
  const a = fromUs === null ? 0 : lowerBound(s.timestampsUs, fromUs)
  const b = toUs === null ? s.timestampsUs.length : lowerBound(s.timestampsUs, toUs, a)
  if (a === 0 && b === s.timestampsUs.length) return s
  return { timestampsUs: s.timestampsUs.subarray(a, b), values: s.values.subarray(a, b) }
}

/**
 * Overlays `top` on `base`: the union of timestamps where `top` wins on equal timestamps
 * (Carbonara's `AggregatedTimeSerie.merge`: recomputed buckets replace stored ones, other stored
 * buckets stay).
 */
export function overlaySeries(base: Series, top: Series): Series {
  const nb = base.timestampsUs.length
  const nt = top.timestampsUs.length
  if (nb === 0) return top
  if (nt === 0) return base
  // Fast path: top starts after base ends (the usual append).
  if (top.timestampsUs[0]! > base.timestampsUs[nb - 1]!) return concatSeries(base, top)
  const ts = new Float64Array(nb + nt)
  const vs = new Float64Array(nb + nt)
  let i = 0
  let j = 0
  let k = 0
  while (i < nb || j < nt) {
    const tb = i < nb ? base.timestampsUs[i]! : Infinity
    const tt = j < nt ? top.timestampsUs[j]! : Infinity
    if (tt <= tb) {
      ts[k] = tt
      vs[k++] = top.values[j++]!
      if (tt === tb) i++
    } else {
      ts[k] = tb
      vs[k++] = base.values[i++]!
    }
  }
  return { timestampsUs: ts.subarray(0, k), values: vs.subarray(0, k) }
}

/** `a` then `b` (the caller guarantees `b` starts after `a` ends). */
export function concatSeries(a: Series, b: Series): Series {
  const n = a.timestampsUs.length
  const ts = new Float64Array(n + b.timestampsUs.length)
  const vs = new Float64Array(ts.length)
  ts.set(a.timestampsUs)
  ts.set(b.timestampsUs, n)
  vs.set(a.values)
  vs.set(b.values, n)
  return { timestampsUs: ts, values: vs }
}
