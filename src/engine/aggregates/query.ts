/**
 * The storage glue of `POST /v1/aggregates` (gnocchi-aggregates.md §2.4 step 4): plan the
 * request, fetch every (series, granularity) with ONE batched `readSplits`
 * call, check the cost, then compute. The caller (http) resolves references against the index beforehand.
 */
import { type GnocchiError, badRequest } from '../../model/errors.js'
import type { SeriesStore } from '../../storage/types.js'
import { readSeries } from '../read/read-series.js'
import { computeAggregates } from './compute.js'
import { planAggregates, type AggregatesRequest } from './plan.js'
import type { GroupResult, SeriesPoints } from './types.js'

/** What a query needs besides the parsed request. */
export interface AggregatesQueryContext {
  readonly store: SeriesStore
  /** The policy timespan of a metric at a granularity (µs, null = unbounded), for read-time retention. */
  readonly timespanOf: (metricId: string, granularityUs: number) => number | null
  /** Largest number of stored points one request may read; null = unlimited. */
  readonly maxPoints: number | null
  /** Called with the metric ids about to be read (read-after-write: process pending measures first). */
  readonly beforeRead?: (metricIds: readonly string[]) => Promise<void>
}

/**
 * The 400 raised when a request reads more stored points than allowed (Polenta's own guard,
 * not a Gnocchi error: 4.4.2 has no limit and can exhaust its memory).
 */
export function tooManyPoints(points: number, max: number): GnocchiError {
  return badRequest(`Query touches ${points} points, more than the limit of ${max} (POLENTA_MAX_QUERY_POINTS)`)
}

/**
 * Plans, reads (one batch) and evaluates a request. Errors are those of §2 in Gnocchi's order,
 * then the cost guard (stored points read, before any evaluation).
 */
export async function queryAggregates(req: AggregatesRequest, ctx: AggregatesQueryContext): Promise<GroupResult[]> {
  const plan = planAggregates(req)
  if (ctx.beforeRead !== undefined) await ctx.beforeRead([...new Set(plan.reads.map((r) => r.metricId))])
  const series = await readSeries(
    ctx.store,
    plan.reads.map((r) => ({
      metricId: r.metricId,
      aggregation: r.aggregation,
      granularityUs: r.granularityUs,
      timespanUs: ctx.timespanOf(r.metricId, r.granularityUs),
      startUs: r.fromUs,
      stopUs: r.toUs,
    })),
  )
  if (ctx.maxPoints !== null) {
    // Counted on what was read: a policy's capacity says little about how full a metric is.
    let read = 0
    for (const s of series) read += s.timestampsUs.length
    if (read > ctx.maxPoints) throw tooManyPoints(read, ctx.maxPoints)
  }
  const data: SeriesPoints[] = series.map((s, i) => ({
    granularityUs: plan.reads[i]!.granularityUs,
    timestampsUs: s.timestampsUs,
    values: s.values,
  }))
  return computeAggregates(plan, data)
}
