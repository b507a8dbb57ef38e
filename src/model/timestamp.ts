/**
 * Timestamp input (gnocchi-rest.md §1.5, Gnocchi's `utils.to_timestamps`): epoch seconds
 * (JSON numbers and float strings), numpy-style ISO 8601, `now`, `today`, and relative
 * timespans added to the current time. Parsing is exact in nanoseconds (bigint), Gnocchi's
 * resolution; the µs variants floor to Polenta's storage resolution.
 */
import { GnocchiError } from './errors.js'
import { parsePythonFloat, parseTimespanNs } from './timespan.js'

/** Thrown messages, verbatim from Gnocchi. */
export const TIMESTAMP_ERRORS = {
  unconvertible: 'Unable to convert timestamps',
  beforeEpoch: 'Timestamp must be after Epoch',
} as const

const NS_PER_S = 1_000_000_000n
const NS_PER_DAY = 86_400n * NS_PER_S
/** datetime64[ns] is an int64; anything beyond cannot be represented. */
const MAX_NS = 2n ** 63n - 1n

/**
 * numpy's ISO 8601 subset: date with optional month/day, `T` or space, hour with optional
 * minutes/seconds/fraction, optional `Z` or `±HH[[:]MM]`. Basic format is rejected.
 */
const ISO_FORM =
  /^\s*(?<y>\d{4})(?:-(?<mo>\d{2})(?:-(?<d>\d{2})(?:[T ](?<h>\d{2})(?::(?<mi>\d{2})(?::(?<s>\d{2})(?:\.(?<f>\d{0,18}))?)?)?(?<tz>Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?\s*$/

function unconvertible(): GnocchiError {
  return new GnocchiError('INVALID_INPUT', TIMESTAMP_ERRORS.unconvertible)
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/** Parses the ISO forms numpy accepts, or returns `null` when the text is not one. */
function parseIsoNs(text: string): bigint | null {
  const g = ISO_FORM.exec(text)?.groups
  if (g === undefined) return null
  const year = Number(g.y)
  const month = g.mo === undefined ? 1 : Number(g.mo)
  const day = g.d === undefined ? 1 : Number(g.d)
  const hour = g.h === undefined ? 0 : Number(g.h)
  const minute = g.mi === undefined ? 0 : Number(g.mi)
  const second = g.s === undefined ? 0 : Number(g.s)
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  if (hour > 23 || minute > 59 || second > 59) return null
  let offsetMinutes = 0
  if (g.tz !== undefined && g.tz !== 'Z') {
    const digits = g.tz.slice(1).replace(':', '')
    const oh = Number(digits.slice(0, 2))
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0
    if (oh > 23 || om > 59) return null
    offsetMinutes = (g.tz.startsWith('-') ? -1 : 1) * (oh * 60 + om)
  }
  // gnocchi-compat: digits beyond nanoseconds are truncated by the cast to datetime64[ns].
  const fraction = BigInt((g.f ?? '').slice(0, 9).padEnd(9, '0'))
  const seconds =
    BigInt(daysFromCivil(year, month, day)) * 86_400n +
    BigInt(hour * 3600 + minute * 60 + second - offsetMinutes * 60)
  return seconds * NS_PER_S + fraction
}

/** Largest µs count below which the fast path's double arithmetic is exact (2^53, year 2255). */
const MAX_EXACT_US = Number.MAX_SAFE_INTEGER

/** The value of the digit at `text[i]`, or -1 when it is not an ASCII digit. */
function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i) - 0x30
  return c >= 0 && c <= 9 ? c : -1
}

/** Two digits at `text[i]` as a number, or -1. */
function twoDigitsAt(text: string, i: number): number {
  const a = digitAt(text, i)
  const b = digitAt(text, i + 1)
  return a < 0 || b < 0 ? -1 : a * 10 + b
}

/**
 * The common wire forms, straight to µs without the regex or bigints:
 * `YYYY-MM-DD[T ]HH:MM:SS[.f{1,9}][Z|±HH:MM]`. Returns null for anything else, or anything this
 * path would not answer exactly as {@link parseIsoNs} then a floor to µs (out-of-range fields,
 * before the epoch, beyond 2^53 µs): the caller then takes the general path, which also makes
 * the error.
 */
function parseCommonIsoUs(text: string): number | null {
  const n = text.length
  if (n < 19 || text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d || text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a) return null
  const sep = text.charCodeAt(10)
  if (sep !== 0x54 && sep !== 0x20) return null
  const y1 = twoDigitsAt(text, 0)
  const y2 = twoDigitsAt(text, 2)
  const month = twoDigitsAt(text, 5)
  const day = twoDigitsAt(text, 8)
  const hour = twoDigitsAt(text, 11)
  const minute = twoDigitsAt(text, 14)
  const second = twoDigitsAt(text, 17)
  if (y1 < 0 || y2 < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null
  const year = y1 * 100 + y2
  if (day > daysInMonth(year, month)) return null
  let i = 19
  let micros = 0
  if (i < n && text.charCodeAt(i) === 0x2e) {
    i++
    const start = i
    // Only the first 6 digits count: the floor from ns to µs drops the rest.
    let scale = 100_000
    while (i < n) {
      const d = digitAt(text, i)
      if (d < 0) break
      micros += d * scale
      scale = (scale - (scale % 10)) / 10
      i++
    }
    // Beyond 9 digits the general path's truncation applies; it is rare, leave it to it.
    if (i - start > 9) return null
  }
  let offsetSeconds = 0
  if (i < n) {
    const c = text.charCodeAt(i)
    if (c === 0x5a) {
      i++
    } else if ((c === 0x2b || c === 0x2d) && n - i === 6 && text.charCodeAt(i + 3) === 0x3a) {
      const oh = twoDigitsAt(text, i + 1)
      const om = twoDigitsAt(text, i + 4)
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return null
      offsetSeconds = (c === 0x2d ? -1 : 1) * (oh * 3600 + om * 60)
      i += 6
    } else {
      return null
    }
  }
  if (i !== n) return null
  const seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
  if (seconds < 0) return null
  const us = seconds * 1_000_000 + micros
  return us <= MAX_EXACT_US ? us : null
}

/** Epoch seconds (a double) to ns with Gnocchi's `value * 1e9` in double precision, truncated. */
function secondsToNs(seconds: number): bigint {
  const ns = seconds * 1e9
  if (!Number.isFinite(ns)) throw unconvertible()
  // gnocchi-compat: float64 multiply then cast, so 1425652437.123 → …57.122999808, see gnocchi/utils.py to_timestamps.
  return BigInt(Math.trunc(ns))
}

/** Converts one value to ns without the epoch check. */
function convertNs(value: unknown, nowNs: bigint): bigint {
  if (typeof value === 'number') return secondsToNs(value)
  if (typeof value !== 'string') throw unconvertible()
  const asFloat = parsePythonFloat(value)
  if (asFloat !== null) return secondsToNs(asFloat)
  // numpy's special words (any case, no surrounding blanks): `now` has second resolution, `today` day resolution (UTC).
  const word = value.toLowerCase()
  if (word === 'now') return (nowNs / NS_PER_S) * NS_PER_S
  if (word === 'today') return (nowNs / NS_PER_DAY) * NS_PER_DAY
  const iso = parseIsoNs(value)
  if (iso !== null) return iso
  try {
    return nowNs + parseTimespanNs(value, true)
  } catch {
    throw unconvertible()
  }
}

function checkRange(ns: bigint): bigint {
  if (ns < 0n) throw new GnocchiError('INVALID_INPUT', TIMESTAMP_ERRORS.beforeEpoch)
  if (ns > MAX_NS) throw unconvertible()
  return ns
}

/** The current time in ns (ms resolution, the best the JS clock offers without `hrtime` epoch drift). */
function currentNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n
}

/**
 * Parses one timestamp (§1.5) to exact integer nanoseconds since the epoch.
 * `inf`/`nan` (number or string) are rejected (**recommended**; 4.4.2 lets them through as NaT).
 * @param value a JSON number (epoch seconds) or a string (float, ISO 8601, `now`, `today`, relative timespan).
 * @param nowNs the current time for `now`, `today` and relative forms; defaults to the wall clock.
 * @throws GnocchiError `INVALID_INPUT` `Unable to convert timestamps` or `Timestamp must be after Epoch`.
 */
export function parseTimestampNs(value: unknown, nowNs: bigint = currentNs()): bigint {
  return checkRange(convertNs(value, nowNs))
}

/**
 * Parses one timestamp (§1.5) to integer microseconds since the epoch: floor of the exact nanoseconds.
 * @param value as for {@link parseTimestampNs}.
 * @param nowUs the current time in µs; defaults to the wall clock.
 * @throws GnocchiError as {@link parseTimestampNs}.
 */
export function parseTimestampUs(value: unknown, nowUs?: number): number {
  const fast = typeof value === 'string' ? parseCommonIsoUs(value) : null
  if (fast !== null) return fast
  const ns = parseTimestampNs(value, nowUs === undefined ? currentNs() : BigInt(Math.trunc(nowUs)) * 1000n)
  return Number(ns / 1000n)
}

/**
 * Parses a batch of timestamps (a measures body) to µs, one "now" for the whole batch.
 *
 * Choice (gnocchi-rest.md §1.5, **recommended**): every element is converted independently
 * with the rules of {@link parseTimestampNs}. 4.4.2 decides the kind of the whole list from its
 * first element; that only differs on mixed lists, where 4.4.2 either fails (`Unable to convert
 * timestamps`: numeric first, ISO later) or silently reads later JSON numbers as nanoseconds
 * (ISO first) — we read them as seconds, like a list of numbers.
 * @param values the raw timestamps.
 * @param nowUs the current time in µs; defaults to the wall clock, read once.
 * @throws GnocchiError as {@link parseTimestampNs}, for the first failing element.
 */
export function parseTimestampListUs(values: readonly unknown[], nowUs?: number): number[] {
  const nowNs = nowUs === undefined ? currentNs() : BigInt(Math.trunc(nowUs)) * 1000n
  return values.map((v) => (typeof v === 'string' ? parseCommonIsoUs(v) : null) ?? Number(parseTimestampNs(v, nowNs) / 1000n))
}
