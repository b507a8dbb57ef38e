import { describe, expect, it } from 'vitest'
import { parseTimespanUs, TIMESPAN_ERRORS } from '../../src/model/timespan.js'

const S = 1_000_000

describe('parseTimespanUs (gnocchi-rest.md §1.6)', () => {
  it.each<[unknown, number]>([
    [60, 60 * S],
    [0.5, 0.5 * S],
    ['3600', 3600 * S],
    ['1e3', 1000 * S],
    ['1 minute', 60 * S],
    ['1min', 60 * S],
    ['2 hours', 7200 * S],
    ['1h30m', 5400 * S],
    ['1 day', 86400 * S],
    ['7s', 7 * S],
    ['1:30', 90 * S],
    ['1:00:00', 3600 * S],
    ['1:00:00:00', 86400 * S],
    [':30', 30 * S],
    ['2 weeks', 14 * 86400 * S],
    ['1.5 hours', 5400 * S],
    ['1 HOUR', 3600 * S],
    ['5 minutes', 300 * S],
    ['1d, 2h', 93600 * S],
  ])('%j → %d µs', (input, us) => {
    expect(parseTimespanUs(input)).toBe(us)
  })

  it('accepts non-positive spans when asked (relative timestamps)', () => {
    expect(parseTimespanUs('-1 hour', true)).toBe(-3600 * S)
    expect(parseTimespanUs('-1:30', true)).toBe(-90 * S)
  })

  it.each<[unknown, string]>([
    ['foobar', TIMESPAN_ERRORS.unparseable],
    ['1 month', TIMESPAN_ERRORS.unparseable],
    ['1 year', TIMESPAN_ERRORS.unparseable],
    ['', TIMESPAN_ERRORS.unparseable],
    ['inf', TIMESPAN_ERRORS.unparseable],
    ['nan', TIMESPAN_ERRORS.unparseable],
    [{}, TIMESPAN_ERRORS.unparseable],
    [null, TIMESPAN_ERRORS.invalid],
    [0, TIMESPAN_ERRORS.notPositive],
    ['-5', TIMESPAN_ERRORS.notPositive],
    ['-1 hour', TIMESPAN_ERRORS.notPositive],
  ])('%j → %s', (input, message) => {
    expect(() => parseTimespanUs(input)).toThrow(message)
  })
})
