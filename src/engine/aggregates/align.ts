/**
 * Per-granularity alignment (gnocchi-aggregates.md §2.5): the sorted union of timestamps, the
 * column-major grid padded with the filler, and the strict-mode overlap rules.
 */
import { unaggregable } from '../../model/errors.js'
import { makeFrame, type Frame } from './frame.js'
import { pyFixed } from './py-format.js'
import type { FillMode, SeriesPoints } from './types.js'

/** Restricts a series to `[floor(start, g), stop)` (binary search, no copy). */
export function restrictSeries(s: SeriesPoints, startUs: number | null, stopUs: number | null): SeriesPoints {
  const g = s.granularityUs
  const from = startUs === null ? 0 : lowerBound(s.timestampsUs, Math.floor(startUs / g) * g)
  const to = stopUs === null ? s.timestampsUs.length : lowerBound(s.timestampsUs, stopUs)
  if (from === 0 && to === s.timestampsUs.length) return s
  const hi = Math.max(from, to)
  return { granularityUs: g, timestampsUs: s.timestampsUs.subarray(from, hi), values: s.values.subarray(from, hi) }
}

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

function sameArray(a: Float64Array, b: Float64Array): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Sorted union of the timestamps of all series. */
export function unionTimestamps(series: readonly SeriesPoints[]): Float64Array {
  const nonEmpty = series.filter((s) => s.timestampsUs.length > 0)
  const first = nonEmpty[0]
  if (first === undefined) return new Float64Array(0)
  // Fast path: metrics fed at the same cadence share every bucket
  if (nonEmpty.every((s) => sameArray(s.timestampsUs, first.timestampsUs))) return first.timestampsUs.slice()
  let total = 0
  for (const s of nonEmpty) total += s.timestampsUs.length
  const all = new Float64Array(total)
  let o = 0
  for (const s of nonEmpty) {
    all.set(s.timestampsUs, o)
    o += s.timestampsUs.length
  }
  all.sort()
  let w = 0
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[w - 1]) all[w++] = all[i]!
  return all.slice(0, w)
}

/** The numeric filler of a fill mode: NaN unless a number was given. */
export function fillerOf(fill: FillMode): number {
  return fill.kind === 'value' ? fill.value : Number.NaN
}

/** Builds the grid `V` (rows = union timestamps, columns = series in order). */
export function buildGrid(granularityUs: number, series: readonly SeriesPoints[], filler: number): Frame {
  const times = unionTimestamps(series)
  const rows = times.length
  const values = new Float64Array(rows * series.length)
  if (filler !== 0) values.fill(filler)
  series.forEach((s, j) => {
    const base = j * rows
    const ts = s.timestampsUs
    if (ts.length === rows) {
      // every union row is present (the union contains ts, same length ⇒ equal)
      values.set(s.values, base)
      return
    }
    let r = 0
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i]!
      while (times[r]! < t) r++
      values[base + r] = s.values[i]!
    }
  })
  return makeFrame(granularityUs, times, series.length, values, false)
}

/**
 * Strict mode (`fill` absent): overlap check and trimming of §2.5 step 3. Returns the
 * possibly trimmed grid or throws `No overlap` / `Less than …% of datapoints overlap`.
 */
export function applyStrictOverlap(
  grid: Frame,
  neededOverlap: number,
  startGiven: boolean,
  stopGiven: boolean,
  lookups: readonly (readonly [string, string])[],
): Frame {
  const { rows, cols, values } = grid
  const full = new Uint8Array(rows).fill(1)
  for (let j = 0; j < cols; j++) {
    const base = j * rows
    for (let i = 0; i < rows; i++) if (values[base + i] !== values[base + i]) full[i] = 0
  }
  let first = -1
  let last = -1
  let count = 0
  for (let i = 0; i < rows; i++) {
    if (full[i] === 1) {
      if (first < 0) first = i
      last = i
      count++
    }
  }
  const detail = lookups.map((l) => [l[0], l[1]])
  if (count === 0 && neededOverlap > 0) throw unaggregable('No overlap', detail)
  if (rows === 0) return grid
  let from = 0
  let to = rows
  if (count > 0) {
    if (!stopGiven) to = last + 1
    if (!startGiven) from = first
  }
  const kept = to - from
  const percent = (count * 100.0) / kept
  if (percent < neededOverlap) {
    throw unaggregable(
      `Less than ${pyFixed(neededOverlap, 6)}% of datapoints overlap in this timespan (${pyFixed(percent, 2)}%)`,
      detail,
    )
  }
  if (from === 0 && to === rows) return grid
  const out = new Float64Array(kept * cols)
  for (let j = 0; j < cols; j++) out.set(values.subarray(j * rows + from, j * rows + to), j * kept)
  return makeFrame(grid.granularityUs, grid.timestampsUs.slice(from, to), cols, out, false)
}
