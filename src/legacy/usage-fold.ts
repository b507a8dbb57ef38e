/**
 * Folding stored points into the legacy intervals. Legacy intervals are anchored at `from` with
 * width `floor((to − from) / N)`, which Gnocchi's epoch-aligned resampling cannot express, so
 * the bucketing happens here (legacy-stats-api.md §4.2, step 4).
 */
import type { SeriesPoints } from './series-reader.js'

/** The interval grid of a usage query, in µs. */
export interface IntervalGrid {
  readonly fromUs: number
  readonly widthUs: number
  readonly count: number
}

/**
 * The grid of `[from, to)` split into `datapoints` intervals: interval i is
 * `[from + i·w, from + (i+1)·w)`, `w = floor((to − from) / datapoints)` seconds.
 */
export function intervalGrid(fromS: number, toS: number, datapoints: number): IntervalGrid {
  // gnocchi-compat (legacy): Python 2 integer division, so the last interval may end up to
  // N − 1 seconds before `to`, see legacy-stats-api.md §1.1 step 5.
  const widthS = Math.floor((toS - fromS) / datapoints)
  return { fromUs: fromS * 1e6, widthUs: widthS * 1e6, count: datapoints }
}

/** End of the last interval, µs (exclusive). */
export const gridEndUs = (g: IntervalGrid): number => g.fromUs + g.count * g.widthUs

/**
 * Per interval, the sum and count of the points whose timestamps fall in it (NaN points are
 * skipped). Points must be ascending; `sums`/`counts` have `grid.count` slots and are added to.
 */
export function foldPoints(points: SeriesPoints, grid: IntervalGrid, sums: Float64Array, counts: Float64Array): void {
  if (grid.widthUs <= 0) return
  const { timestampsUs, values } = points
  const endUs = gridEndUs(grid)
  for (let i = 0; i < timestampsUs.length; i++) {
    const t = timestampsUs[i]
    if (t < grid.fromUs || t >= endUs) continue
    const v = values[i]
    if (Number.isNaN(v)) continue
    const slot = Math.floor((t - grid.fromUs) / grid.widthUs)
    sums[slot] += v
    counts[slot] += 1
  }
}
