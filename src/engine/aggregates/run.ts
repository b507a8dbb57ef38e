/**
 * One-call entry point for callers whose series are at hand (tests, the legacy endpoints with
 * preloaded data): plan, read synchronously, compute.
 */
import { computeAggregates } from './compute.js'
import { planAggregates, type AggregatesRequest } from './plan.js'
import type { GroupResult, SeriesPoints, SeriesRead } from './types.js'

/** Plans `req`, answers every read with `read`, computes. Errors are those of §2 in order. */
export function runAggregates(req: AggregatesRequest, read: (r: SeriesRead) => SeriesPoints): GroupResult[] {
  const plan = planAggregates(req)
  return computeAggregates(plan, plan.reads.map(read))
}
