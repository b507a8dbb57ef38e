/**
 * The query cost guard (`POLENTA_MAX_QUERY_POINTS`): Polenta's own limit on how many stored
 * points one read request may decode, applied by every route that reads series (aggregates,
 * measures, the legacy aggregation routes, the metric value search). Gnocchi 4.4.2 has no such
 * limit and can exhaust its memory on a large query.
 */
import { type GnocchiError, badRequest } from '../../model/errors.js'

/** The 400 raised when a request reads more stored points than allowed, with both figures. */
export function tooManyPoints(points: number, max: number): GnocchiError {
  return badRequest(`Query touches ${points} points, more than the limit of ${max} (POLENTA_MAX_QUERY_POINTS)`)
}

/**
 * Refuses a request whose series hold more stored points than `maxPoints` (null = unlimited).
 * Counted on what was read, not on policy capacity: a policy's size says little about how full
 * a metric is.
 * @throws GnocchiError 400 {@link tooManyPoints}.
 */
export function checkQueryCost(series: readonly { readonly storedPoints: number }[], maxPoints: number | null): void {
  if (maxPoints === null) return
  let read = 0
  for (const s of series) read += s.storedPoints
  if (read > maxPoints) throw tooManyPoints(read, maxPoints)
}
