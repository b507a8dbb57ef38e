/**
 * Reading stored aggregate series (gnocchi-storage-semantics.md §7): decode the splits covering
 * the requested range for many (metric, aggregation, granularity) series in one batched
 * `readSplits` call, apply retention, optionally resample, filter to `[start, stop)`.
 */
import type { ArchivePolicy } from '../../model/archive-policy.js'
import { GnocchiError, badRequest } from '../../model/errors.js'
import { reprPyFloat } from '../../model/python-json.js'
import type { SeriesStore, SplitRangeRequest, StoredSplit } from '../../storage/types.js'
import { type Series, EMPTY_SERIES, floorTo, sliceSeries } from '../carbonara/series.js'
import { decodeSplitInto, splitLength, splitStartUs, splitWidthUs } from '../codec/split-codec.js'
import { type CalendarUnit, calendarNextUs } from './calendar.js'
import { type ResampleTarget, resampleFloorUs, resampleSeries } from './resample.js'

/** One series to read. */
export interface SeriesReadRequest {
  readonly metricId: string
  readonly aggregation: string
  readonly granularityUs: number
  /** The policy's timespan for this granularity (null = unbounded), for read-time retention. */
  readonly timespanUs: number | null
  /** Inclusive lower bound, rounded down to the output granularity; null = none. */
  readonly startUs: number | null
  /** Exclusive upper bound on bucket timestamps; null = none. */
  readonly stopUs: number | null
  readonly resample?: ResampleTarget | null
}

/** A read series, columnar. */
export interface ReadSeries extends Series {
  readonly metricId: string
  readonly aggregation: string
  /** Output bucket width in µs (the resample span when resampling; 0 for calendar groupings). */
  readonly granularityUs: number
  /** The calendar letter when resampled by calendar (render it instead of the granularity). */
  readonly calendar: CalendarUnit | null
  /** Stored points of the requested range decoded for this series, before any resampling (the query cost). */
  readonly storedPoints: number
}

/**
 * Reads many series with a single `series.readSplits` call. Result `i` answers request `i`.
 *
 * gnocchi-compat: read-time retention keeps buckets newer than the newest bucket *among the
 * splits read* minus the timespan, as 4.4.2 `get_aggregated_measures` truncates; processing
 * already enforces retention, so this only matters after a policy's timespan was reduced.
 */
export async function readSeries(store: SeriesStore, requests: readonly SeriesReadRequest[]): Promise<ReadSeries[]> {
  const ranges: SplitRangeRequest[] = requests.map((r) => {
    const [fromUs, toUs] = sourceRange(r)
    const width = splitWidthUs(r.granularityUs)
    return {
      metricId: r.metricId,
      aggregation: r.aggregation,
      granularityUs: r.granularityUs,
      fromUs: fromUs === null ? null : splitStartUs(fromUs, r.granularityUs),
      toUs,
      splitWidthUs: width,
    }
  })
  const splits = requests.length === 0 ? [] : await store.readSplits(ranges)
  const decoded = decodeAll(requests, splits)
  return requests.map((r, i) => {
    let series = decoded[i]!
    const n = series.timestampsUs.length
    if (r.timespanUs !== null && n > 0) {
      series = sliceSeries(series, series.timestampsUs[n - 1]! - r.timespanUs + 1, null)
    }
    const target = r.resample ?? null
    const [fromUs, toUs] = sourceRange(r)
    const storedPoints = sliceSeries(series, fromUs, toUs).timestampsUs.length
    let outUs = r.granularityUs
    let calendar: CalendarUnit | null = null
    if (target !== null) {
      // §7: resampling happens before the start filter, so a first bucket may hold earlier data.
      series = resampleSeries(series, r.aggregation, target)
      outUs = target.kind === 'span' ? target.granularityUs : 0
      calendar = target.kind === 'calendar' ? target.unit : null
    }
    const from = r.startUs === null ? null : target === null ? floorTo(r.startUs, r.granularityUs) : resampleFloorUs(r.startUs, target)
    series = sliceSeries(series, from, r.stopUs)
    return { metricId: r.metricId, aggregation: r.aggregation, granularityUs: outUs, calendar, storedPoints, ...series }
  })
}

/** The stored buckets a request needs: `[from, to)`, null = open. */
function sourceRange(r: SeriesReadRequest): [number | null, number | null] {
  const target = r.resample ?? null
  if (target === null) return [r.startUs === null ? null : floorTo(r.startUs, r.granularityUs), r.stopUs]
  const from = r.startUs === null ? null : resampleFloorUs(r.startUs, target)
  if (r.stopUs === null) return [from, null]
  // A resampled bucket before `stop` may gather stored buckets up to the end of its period.
  const to =
    target.kind === 'span'
      ? Math.ceil(r.stopUs / target.granularityUs) * target.granularityUs
      : calendarNextUs(r.stopUs - 1, target.unit)
  return [from, to]
}

/**
 * Decodes every read series, each the concatenation of its splits (ascending, disjoint windows),
 * into views of one pair of columns: one allocation for the whole read instead of two per split
 * and a copy per series.
 */
function decodeAll(requests: readonly SeriesReadRequest[], splits: readonly (readonly StoredSplit[])[]): Series[] {
  let total = 0
  for (const list of splits) for (const s of list) total += splitLength(s.bytes)
  const timestamps = new Float64Array(total)
  const values = new Float64Array(total)
  let at = 0
  return requests.map((r, i) => {
    const list = splits[i] ?? []
    if (list.length === 0) return EMPTY_SERIES
    const from = at
    for (const s of list) at += decodeSplitInto(s.bytes, s.key.startUs, r.granularityUs, timestamps, values, at)
    return { timestampsUs: timestamps.subarray(from, at), values: values.subarray(from, at) }
  })
}

/** Parameters of `GET /v1/metric/{id}/measures` after parsing (µs, method names). */
export interface MeasuresQuery {
  /** Default `mean`. */
  readonly aggregation: string
  /** One granularity, or null for all of the policy. */
  readonly granularityUs: number | null
  readonly startUs: number | null
  readonly stopUs: number | null
  readonly resample: ResampleTarget | null
}

/**
 * `GET /v1/metric/{id}/measures` without formatting: the series of every requested granularity,
 * ordered granularity descending (§9); each series ascending. Empty series are omitted, so no
 * processed data gives `[]`.
 * @throws GnocchiError 404 unknown method or granularity; 400 resample without granularity.
 */
export async function readMetricMeasures(
  store: SeriesStore,
  metricId: string,
  policy: ArchivePolicy,
  query: MeasuresQuery,
): Promise<ReadSeries[]> {
  if (query.resample !== null && query.granularityUs === null) {
    throw badRequest('A granularity must be specified to resample')
  }
  if (!policy.aggregationMethods.includes(query.aggregation)) {
    throw new GnocchiError('NOT_FOUND', {
      cause: 'Aggregation method does not exist for this metric',
      detail: { metric: metricId, aggregation_method: query.aggregation },
    })
  }
  const items = [...policy.definition].sort((a, b) => b.granularityUs - a.granularityUs)
  const selected = query.granularityUs === null ? items : items.filter((d) => d.granularityUs === query.granularityUs)
  if (selected.length === 0) {
    throw notFoundGranularity(query.aggregation, query.granularityUs ?? 0, metricId)
  }
  const out = await readSeries(
    store,
    selected.map((d) => ({
      metricId,
      aggregation: query.aggregation,
      granularityUs: d.granularityUs,
      timespanUs: d.timespanUs,
      startUs: query.startUs,
      stopUs: query.stopUs,
      resample: query.resample,
    })),
  )
  return out.filter((s) => s.timestampsUs.length > 0)
}

/** 404 for a granularity that is not in the metric's policy. */
export function notFoundGranularity(aggregation: string, granularityUs: number, metricId: string): GnocchiError {
  return new GnocchiError(
    'NOT_FOUND',
    `Aggregation method '${aggregation}' at granularity '${reprPyFloat(granularityUs / 1e6)}' for metric ${metricId} does not exist`,
  )
}
