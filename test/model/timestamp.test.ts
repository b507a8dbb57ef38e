import { describe, expect, it } from 'vitest'
import {
  parseTimestampListUs,
  parseTimestampNs,
  parseTimestampUs,
  TIMESTAMP_ERRORS,
} from '../../src/model/timestamp.js'

const NS = 1_000_000_000n
/** ns of a UTC civil time given as an ISO string understood by JS Date (ms precision). */
const ns = (iso: string, extraNs = 0n): bigint => BigInt(Date.parse(iso)) * 1_000_000n + extraNs
const NOW_NS = ns('2026-11-22T08:55:14.900Z', 402_123n)
const NOW_US = Number(NOW_NS / 1000n)

describe('parseTimestampNs: absolute forms (gnocchi-rest.md §1.5)', () => {
  it.each<[unknown, bigint]>([
    [1425652437, ns('2015-03-06T14:33:57Z')],
    [0, 0n],
    ['1425652437', ns('2015-03-06T14:33:57Z')],
    ['1425652437.5', ns('2015-03-06T14:33:57.5Z')],
    [' 1425652437 ', ns('2015-03-06T14:33:57Z')],
    ['1e9', 1_000_000_000n * NS],
    ['2015', 2015n * NS],
    ['1_000', 1000n * NS],
    // the double-precision `value * 1e9` quirk
    [1425652437.123, ns('2015-03-06T14:33:57.122Z', 999_808n)],
    ['1425652437.123', ns('2015-03-06T14:33:57.122Z', 999_808n)],
    ['2015-03', ns('2015-03-01T00:00:00Z')],
    ['2015-03-06', ns('2015-03-06T00:00:00Z')],
    ['2015-03-06T14', ns('2015-03-06T14:00:00Z')],
    ['2015-03-06T14:33', ns('2015-03-06T14:33:00Z')],
    ['2015-03-06T14:33:57', ns('2015-03-06T14:33:57Z')],
    ['2015-03-06 14:33:57', ns('2015-03-06T14:33:57Z')],
    ['2015-03-06T14:33:57.', ns('2015-03-06T14:33:57Z')],
    ['2015-03-06T14:33:57.5', ns('2015-03-06T14:33:57.5Z')],
    ['2015-03-06T14:33:57.123456789', ns('2015-03-06T14:33:57.123Z', 456_789n)],
    ['2015-03-06T14:33:57.123456789123', ns('2015-03-06T14:33:57.123Z', 456_789n)],
    ['2015-03-06T14:33:57Z', ns('2015-03-06T14:33:57Z')],
    ['2015-03-06T14:33:57.5Z ', ns('2015-03-06T14:33:57.5Z')],
    [' 2015-03-06', ns('2015-03-06T00:00:00Z')],
    ['2015-03-06T14:33:57+01:00', ns('2015-03-06T13:33:57Z')],
    ['2015-03-06T14:33:57+0130', ns('2015-03-06T13:03:57Z')],
    ['2015-03-06T14:33:57-01', ns('2015-03-06T15:33:57Z')],
    ['2015-03-06T14+01', ns('2015-03-06T13:00:00Z')],
    ['2015-03-06T14:33Z', ns('2015-03-06T14:33:00Z')],
    ['2016-02-29T23:59:59', ns('2016-02-29T23:59:59Z')],
    ['1970-01-01T00:00:00', 0n],
    ['2000-02-29', ns('2000-02-29T00:00:00Z')],
  ])('%j', (input, expected) => {
    expect(parseTimestampNs(input, NOW_NS)).toBe(expected)
  })
})

describe('parseTimestampNs: now, today and relative forms', () => {
  it.each<[unknown, bigint]>([
    ['now', ns('2026-11-22T08:55:14Z')],
    ['NOW', ns('2026-11-22T08:55:14Z')],
    ['today', ns('2026-11-22T00:00:00Z')],
    ['Today', ns('2026-11-22T00:00:00Z')],
    ['-5 minutes', NOW_NS - 300n * NS],
    ['+1h', NOW_NS + 3600n * NS],
    ['5 minutes', NOW_NS + 300n * NS],
    ['-1d', NOW_NS - 86400n * NS],
    ['-2 weeks', NOW_NS - 14n * 86400n * NS],
    ['-1.5 hours', NOW_NS - 5400n * NS],
    ['-1:30', NOW_NS - 90n * NS],
    ['1h30m', NOW_NS + 5400n * NS],
  ])('%j', (input, expected) => {
    expect(parseTimestampNs(input, NOW_NS)).toBe(expected)
  })
})

describe('parseTimestampNs: errors', () => {
  it.each<[unknown]>([
    ['1 week ago'],
    ['yesterday'],
    ['20150306T143357'],
    ['2015-03-06t14:33'],
    ['2015-03-06Z'],
    ['2015-3-6'],
    ['2015-03-06T24:00'],
    ['2015-06-30T23:59:60'],
    ['2015-02-29'],
    ['2015-13-01'],
    ['2015-03-06T14:33:57+01:3'],
    ['2015-03-06 14:33:57z'],
    [' now'],
    ['now '],
    ['NaT'],
    [''],
    ['inf'],
    ['-inf'],
    ['nan'],
    ['Infinity'],
    [Number.POSITIVE_INFINITY],
    [Number.NaN],
    [null],
    [undefined],
    [true],
    [{}],
    [[1]],
    [1e300],
    ['foobar'],
  ])('%j → Unable to convert timestamps', (input) => {
    expect(() => parseTimestampNs(input, NOW_NS)).toThrow(TIMESTAMP_ERRORS.unconvertible)
  })

  it.each<[unknown]>([[-1], ['-1'], ['-0.5'], ['1969-12-31T23:59:59'], ['1970-01-01T00:00:00+01:00'], ['-400 days'], ['-100 weeks']])(
    '%j → Timestamp must be after Epoch',
    (input) => {
      const now = ns('1971-01-01T00:00:00Z')
      expect(() => parseTimestampNs(input, now)).toThrow(TIMESTAMP_ERRORS.beforeEpoch)
    },
  )

  it('error code is INVALID_INPUT', () => {
    expect(() => parseTimestampNs('garbage')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
  })
})

describe('parseTimestampUs', () => {
  it.each<[unknown, number]>([
    [1425652437, 1425652437_000_000],
    ['2015-03-06T14:33:57.123456789', 1425652437_123_456],
    [1425652437.123, 1425652437_122_999],
    ['now', Number(ns('2026-11-22T08:55:14Z') / 1000n)],
    ['-1s', NOW_US - 1_000_000],
  ])('%j → %d µs', (input, expected) => {
    expect(parseTimestampUs(input, NOW_US)).toBe(expected)
  })

  it('defaults to the wall clock for relative forms', () => {
    const before = Date.now() * 1000
    const got = parseTimestampUs('-1 minute')
    expect(got).toBeGreaterThanOrEqual(before - 60_000_000)
    expect(got).toBeLessThanOrEqual(Date.now() * 1000 - 60_000_000)
  })
})

describe('parseTimestampListUs (each element independently)', () => {
  it('converts a mixed list element by element, with one now', () => {
    expect(parseTimestampListUs([1425652437, '2015-03-06T14:33:58', '-1s', '1425652439.5'], NOW_US)).toEqual([
      1425652437_000_000,
      1425652438_000_000,
      NOW_US - 1_000_000,
      1425652439_500_000,
    ])
  })

  it('reads a later JSON number as seconds even after an ISO first element', () => {
    expect(parseTimestampListUs(['2015-03-06T14:33:57', 1425652438], NOW_US)).toEqual([
      1425652437_000_000, 1425652438_000_000,
    ])
  })

  it('returns [] for an empty list', () => {
    expect(parseTimestampListUs([], NOW_US)).toEqual([])
  })

  it.each<[unknown[], string]>([
    [[1425652437, 'garbage'], TIMESTAMP_ERRORS.unconvertible],
    [['2015-03-06', -5], TIMESTAMP_ERRORS.beforeEpoch],
  ])('%j fails with %s', (values, message) => {
    expect(() => parseTimestampListUs(values, NOW_US)).toThrow(message)
  })
})

describe('parseTimestampUs: the common ISO forms answer as the general parser floored to µs', () => {
  /** The general path: exact ns, floored to µs (what the fast path must reproduce). */
  const generalUs = (text: string): number => Number(parseTimestampNs(text, NOW_NS) / 1000n)
  const outcome = (f: () => number): number | string => {
    try {
      return f()
    } catch (e) {
      return `error: ${(e as Error).message}`
    }
  }

  it.each([
    '2024-01-02T03:04:05',
    '2024-01-02 03:04:05',
    '2024-01-02T03:04:05Z',
    '2024-01-02T03:04:05.5',
    '2024-01-02T03:04:05.123456',
    '2024-01-02T03:04:05.1234567',
    '2024-01-02T03:04:05.999999999Z',
    '2024-01-02T03:04:05.9999999999',
    '2024-01-02T03:04:05.',
    '2024-01-02T03:04:05+00:00',
    '2024-01-02T03:04:05.250-05:30',
    '2024-01-02T03:04:05+23:59',
    '2024-01-02T03:04:05+24:00',
    '2024-01-02T03:04:05+0100',
    '2024-02-29T00:00:00',
    '2023-02-29T00:00:00',
    '2024-13-01T00:00:00',
    '2024-01-02T24:00:00',
    '2024-01-02T03:60:00',
    '2024-01-02T03:04:60',
    '1970-01-01T00:00:00',
    '1970-01-01T00:00:00+00:01',
    '1969-12-31T23:59:59',
    '2255-06-05T23:47:34.740991',
    '2255-06-05T23:47:34.740992',
    '2262-04-11T23:47:16.854775807',
    '2262-04-11T23:47:16.854775808',
    '9999-12-31T23:59:59',
    ' 2024-01-02T03:04:05',
    '2024-01-02T03:04:05 ',
    '2024-01-02t03:04:05',
    '2024-01-02T03:04:05z',
    '2024-01-02T03:04:05Zx',
    '2024-1-02T03:04:05',
    '2024-01-02T03:04:0a',
  ])('%j', (text) => {
    expect(outcome(() => parseTimestampUs(text, NOW_US))).toEqual(outcome(() => generalUs(text)))
    expect(outcome(() => parseTimestampListUs([text], NOW_US)[0]!)).toEqual(outcome(() => generalUs(text)))
  })

  it('agrees on random instants, fractions and offsets', () => {
    let seed = 12345
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const pad = (v: number, w: number): string => String(v).padStart(w, '0')
    for (let k = 0; k < 5000; k++) {
      const date = new Date(rand(2 ** 31 - 1) * 1000 * (1 + rand(4)))
      const iso = date.toISOString().slice(0, 19)
      const fraction = rand(3) === 0 ? '' : `.${pad(rand(1_000_000_000), 9).slice(0, 1 + rand(9))}`
      const tz = ['', 'Z', `+${pad(rand(24), 2)}:${pad(rand(60), 2)}`, `-${pad(rand(24), 2)}:${pad(rand(60), 2)}`][rand(4)]
      const text = `${iso}${fraction}${tz}`
      expect(outcome(() => parseTimestampUs(text, NOW_US)), text).toEqual(outcome(() => generalUs(text)))
    }
  })
})
