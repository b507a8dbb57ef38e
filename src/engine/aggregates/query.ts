/**
 * The storage glue of `POST /v1/aggregates` (gnocchi-aggregates.md §2.4 step 4): plan the
 * request, fetch every (series, granularity) with ONE batched `readSplits`
 * call, check the cost, then compute. The caller (http) resolves references against the index beforehand.
 */
import type { SeriesStore } from '../../storage/types.js'
import { checkQueryCost } from '../read/query-cost.js'
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

export { tooManyPoints } from '../read/query-cost.js'

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
  checkQueryCost(series, ctx.maxPoints)
  const data: SeriesPoints[] = series.map((s, i) => ({
    granularityUs: plan.reads[i]!.granularityUs,
    timestampsUs: s.timestampsUs,
    values: s.values,
  }))
  return computeAggregates(plan, data)
}
