import { describe, expect, it } from 'vitest'
import {
  formatDatetimeUs,
  formatGranularitySeconds,
  formatMeasureTimestampUs,
  formatTimedeltaUs,
} from '../../src/model/time-format.js'

const S = 1_000_000
const at = (iso: string, extraUs = 0): number => Date.parse(iso) * 1000 + extraUs

describe('formatDatetimeUs (gnocchi-rest.md §1.7)', () => {
  it.each<[number, string]>([
    [at('2014-01-03T02:02:02Z'), '2014-01-03T02:02:02+00:00'],
    [at('2026-11-22T08:55:14.900Z', 402), '2026-11-22T08:55:14.900402+00:00'],
    [at('2015-03-06T14:33:57Z', 1), '2015-03-06T14:33:57.000001+00:00'],
    [0, '1970-01-01T00:00:00+00:00'],
    [at('2200-06-05T23:47:34Z', 999_999), '2200-06-05T23:47:34.999999+00:00'],
  ])('%d → %s', (us, text) => {
    expect(formatDatetimeUs(us)).toBe(text)
  })
})

describe('formatMeasureTimestampUs (truncates sub-seconds, recommended)', () => {
  it.each<[number, string]>([
    [at('2015-03-06T14:33:57Z'), '2015-03-06T14:33:57+00:00'],
    [at('2015-03-06T14:33:57.500Z'), '2015-03-06T14:33:57+00:00'],
    [at('2015-03-06T14:33:57Z', 999_999), '2015-03-06T14:33:57+00:00'],
    [0, '1970-01-01T00:00:00+00:00'],
  ])('%d → %s', (us, text) => {
    expect(formatMeasureTimestampUs(us)).toBe(text)
  })
})

describe('formatTimedeltaUs (Python timedelta text)', () => {
  it.each<[number, string]>([
    [1 * S, '0:00:01'],
    [3600 * S, '1:00:00'],
    [3.6 * S, '0:00:03.600000'],
    [300 * S, '0:05:00'],
    [3598 * S, '0:59:58'],
    [86400 * S, '1 day, 0:00:00'],
    [30 * 86400 * S, '30 days, 0:00:00'],
    [365 * 86400 * S, '365 days, 0:00:00'],
    [90061 * S + 5, '1 day, 1:01:01.000005'],
    [0, '0:00:00'],
    [500_000, '0:00:00.500000'],
    [-1 * S, '-1 day, 23:59:59'],
    [-2 * 86400 * S, '-2 days, 0:00:00'],
  ])('%d µs → %s', (us, text) => {
    expect(formatTimedeltaUs(us)).toBe(text)
  })
})

describe('formatGranularitySeconds', () => {
  it.each<[number, number]>([
    [60 * S, 60],
    [500_000, 0.5],
    [86400 * S, 86400],
    [1, 0.000001],
  ])('%d µs → %d s', (us, seconds) => {
    expect(formatGranularitySeconds(us)).toBe(seconds)
  })
})
