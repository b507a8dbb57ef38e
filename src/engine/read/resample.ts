/**
 * Read-time resampling of a stored aggregate series (gnocchi-storage-semantics.md §7 step 3):
 * the stored bucket values are regrouped and reduced again with the same method, using the §5
 * reducers on the bucket values (not on raw data). Hence the documented quirks: `count` counts
 * source buckets, `std` is the std of the stds, `rate:` is a rate of rates.
 */
import { badRequest } from '../../model/errors.js'
import { type Grouping, aggregateSeries } from '../carbonara/aggregate.js'
import { requireStorageMethod } from '../carbonara/method.js'
import type { Series } from '../carbonara/series.js'
import { type CalendarUnit, calendarFloorUs } from './calendar.js'

/** A resample target: a fixed span or a calendar grouping. */
export type ResampleTarget =
  | { readonly kind: 'span'; readonly granularityUs: number }
  | { readonly kind: 'calendar'; readonly unit: CalendarUnit }

/** The Carbonara grouping of a resample target. */
export function groupingOf(target: ResampleTarget): Grouping {
  if (target.kind === 'span') return { kind: 'span', granularityUs: target.granularityUs }
  const unit = target.unit
  return { kind: 'calendar', bucketOf: (t) => calendarFloorUs(t, unit) }
}

/** Start of the resampled bucket holding `timeUs`. */
export function resampleFloorUs(timeUs: number, target: ResampleTarget): number {
  return target.kind === 'span'
    ? Math.floor(timeUs / target.granularityUs) * target.granularityUs
    : calendarFloorUs(timeUs, target.unit)
}

/**
 * Resamples a stored series with its own aggregation method.
 * gnocchi-compat: `rate:` with a calendar grouping makes 4.4.2 raise a TypeError (a 500 without a
 * response body); we answer 400 with its message, see gnocchi/carbonara.py GroupedTimeSeries.derived().
 * @throws GnocchiError 400 for `rate:` methods with a calendar grouping.
 */
export function resampleSeries(series: Series, method: string, target: ResampleTarget): Series {
  const m = requireStorageMethod(method)
  if (m.rate && target.kind === 'calendar') {
    throw badRequest('Cannot derive aggregated value for calendar resampled series')
  }
  return aggregateSeries(series, groupingOf(target), m, null)
}
