/**
 * The storage side of the metric value search (gnocchi-rest.md §3.9): read the stored series of
 * every (metric, granularity) asked for in one batched read, check the query cost, and keep the
 * points whose value passes the predicate. Resolving metrics, policies and errors is the caller's.
 */
import type { PointList } from '../aggregates/types.js'
import type { SeriesStore } from '../../storage/types.js'
import { checkQueryCost } from '../read/query-cost.js'
import { readSeries } from '../read/read-series.js'
import type { ValueTest } from './compile-predicate.js'

/** One metric to search. */
export interface ValueSearchTarget {
  readonly metricId: string
  /** The granularities to search, in output order, each with its policy timespan (µs, null = unbounded). */
  readonly granularities: readonly { readonly granularityUs: number; readonly timespanUs: number | null }[]
}

/** The range and series to read. */
export interface ValueSearchOptions {
  /** Aggregation method of the stored series (`mean` by default in the route). */
  readonly aggregation: string
  /** Inclusive, rounded down to each granularity; null = from the beginning. */
  readonly startUs: number | null
  /** Exclusive; null = to the end. */
  readonly stopUs: number | null
  /** Largest number of stored points the search may read; null = unlimited. */
  readonly maxPoints: number | null
}

/** The matching points of one metric, granularity by granularity in the target's order. */
export interface ValueSearchResult {
  readonly metricId: string
  readonly points: PointList
}

/**
 * Searches every target. Result `i` answers target `i`.
 * @throws GnocchiError 400 when the series hold more than `maxPoints` stored points.
 */
export async function searchValues(
  store: SeriesStore,
  targets: readonly ValueSearchTarget[],
  options: ValueSearchOptions,
  test: ValueTest,
): Promise<ValueSearchResult[]> {
  const requests = targets.flatMap((t) =>
    t.granularities.map((g) => ({
      metricId: t.metricId,
      aggregation: options.aggregation,
      granularityUs: g.granularityUs,
      timespanUs: g.timespanUs,
      startUs: options.startUs,
      stopUs: options.stopUs,
    })),
  )
  const series = await readSeries(store, requests)
  checkQueryCost(series, options.maxPoints)
  let at = 0
  return targets.map((t) => {
    const own = series.slice(at, at + t.granularities.length)
    at += t.granularities.length
    const timestamps: number[] = []
    const granularities: number[] = []
    const values: number[] = []
    for (const s of own) {
      for (let i = 0; i < s.values.length; i++) {
        const v = s.values[i]!
        if (!test(v)) continue
        timestamps.push(s.timestampsUs[i]!)
        granularities.push(s.granularityUs)
        values.push(v)
      }
    }
    return {
      metricId: t.metricId,
      points: { timestampsUs: Float64Array.from(timestamps), granularitiesUs: Float64Array.from(granularities), values: Float64Array.from(values) },
    }
  })
}
