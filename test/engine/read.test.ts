/** Read path: calendar periods, range extension for resampling, read-time retention, errors. */
import { describe, expect, it } from 'vitest'
import { processMetric } from '../../src/engine/ingest/process-metric.js'
import { type CalendarUnit, calendarFloorUs, calendarNextUs, isCalendarUnit } from '../../src/engine/read/calendar.js'
import { readMetricMeasures, readSeries } from '../../src/engine/read/read-series.js'
import type { ArchivePolicy } from '../../src/model/archive-policy.js'
import { MapSeriesStore } from './carbonara-map-store.js'

const S = 1_000_000
const us = (iso: string): number => Date.parse(iso) * 1000

describe('calendar periods (UTC)', () => {
  it.each<[CalendarUnit, string, string, string]>([
    ['Y', '2015-08-17T13:00:00Z', '2015-01-01T00:00:00Z', '2016-01-01T00:00:00Z'],
    ['H', '2015-08-17T13:00:00Z', '2015-07-01T00:00:00Z', '2016-01-01T00:00:00Z'],
    ['H', '2015-06-30T23:59:59Z', '2015-01-01T00:00:00Z', '2015-07-01T00:00:00Z'],
    ['Q', '2015-08-17T13:00:00Z', '2015-07-01T00:00:00Z', '2015-10-01T00:00:00Z'],
    ['Q', '2015-12-31T23:59:59Z', '2015-10-01T00:00:00Z', '2016-01-01T00:00:00Z'],
    ['M', '2016-02-29T12:00:00Z', '2016-02-01T00:00:00Z', '2016-03-01T00:00:00Z'],
    ['W', '2015-03-01T00:00:00Z', '2015-03-01T00:00:00Z', '2015-03-08T00:00:00Z'],
    ['W', '2015-03-07T23:59:59Z', '2015-03-01T00:00:00Z', '2015-03-08T00:00:00Z'],
    ['W', '1970-01-01T00:00:00Z', '1969-12-28T00:00:00Z', '1970-01-04T00:00:00Z'],
  ])('%s of %s starts %s, next %s', (unit, at, start, next) => {
    expect(calendarFloorUs(us(at), unit)).toBe(us(start))
    expect(calendarNextUs(us(at), unit)).toBe(us(next))
  })

  it.each([['Y', true], ['W', true], ['y', false], ['D', false], ['60', false]])('isCalendarUnit(%s) = %s', (t, want) => {
    expect(isCalendarUnit(t as string)).toBe(want)
  })
})

describe('readSeries', () => {
  const policy = (points: number | null): ArchivePolicy => ({
    name: 'r',
    backWindow: 0,
    aggregationMethods: ['mean', 'rate:mean'],
    definition: [{ granularityUs: 60 * S, points, timespanUs: points === null ? null : points * 60 * S }],
  })
  const load = async (): Promise<MapSeriesStore> => {
    const store = new MapSeriesStore()
    const n = 10
    await store.appendIncoming([
      {
        metricId: 'm',
        batch: { timesUs: Float64Array.from({ length: n }, (_, i) => i * 60 * S), values: Float64Array.from({ length: n }, (_, i) => i) },
      },
    ])
    await processMetric(store, 'm', policy(null))
    return store
  }

  it('a resampled bucket before stop gathers its whole period', async () => {
    const [s] = await readSeries(await load(), [
      { metricId: 'm', aggregation: 'mean', granularityUs: 60 * S, timespanUs: null, startUs: null, stopUs: 250 * S, resample: { kind: 'span', granularityUs: 180 * S } },
    ])
    expect(Array.from(s!.timestampsUs)).toEqual([0, 180 * S])
    expect(Array.from(s!.values)).toEqual([1, 4])
  })

  it('applies read-time retention relative to the newest bucket read (policy shrunk after writing)', async () => {
    const rows = await readMetricMeasures(await load(), 'm', policy(3), {
      aggregation: 'mean',
      granularityUs: null,
      startUs: null,
      stopUs: null,
      resample: null,
    })
    expect(Array.from(rows[0]!.values)).toEqual([7, 8, 9])
  })

  it('rejects rate: with a calendar resample (4.4.2 crashes)', async () => {
    await expect(
      readMetricMeasures(await load(), 'm', policy(null), {
        aggregation: 'rate:mean',
        granularityUs: 60 * S,
        startUs: null,
        stopUs: null,
        resample: { kind: 'calendar', unit: 'M' },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('rounds start down to the calendar period (4.4.2 answers 500; recommended behaviour)', async () => {
    const rows = await readMetricMeasures(await load(), 'm', policy(null), {
      aggregation: 'mean',
      granularityUs: 60 * S,
      startUs: 300 * S,
      stopUs: null,
      resample: { kind: 'calendar', unit: 'Y' },
    })
    expect(rows[0]!.calendar).toBe('Y')
    expect(Array.from(rows[0]!.timestampsUs)).toEqual([0])
    expect(Array.from(rows[0]!.values)).toEqual([4.5])
  })

  it('returns [] for a metric never processed', async () => {
    expect(
      await readMetricMeasures(new MapSeriesStore(), 'm', policy(null), { aggregation: 'mean', granularityUs: null, startUs: null, stopUs: null, resample: null }),
    ).toEqual([])
  })
})
