/**
 * Timespan input (gnocchi-rest.md §1.6): a number of seconds, or a duration string of unit terms
 * (`1h30m`, `2 hours`, `1 day`) or clock forms (`1:30`, `H:MM:SS`, `D:HH:MM:SS`, `:SS`).
 * Results are integer microseconds: Gnocchi computes `int(seconds × 1e9)` nanoseconds and
 * Polenta keeps time at microsecond resolution, the resolution Gnocchi renders.
 */
import { GnocchiError } from './errors.js'

/** Thrown messages, verbatim from Gnocchi. */
export const TIMESPAN_ERRORS = {
  unparseable: 'Unable to parse timespan',
  notPositive: 'Timespan must be positive',
  invalid: 'Invalid timespan',
} as const

const NUM = String.raw`\d+(?:[.,]\d*)?|[.,]\d+`
const SEP = String.raw`[\s,/]*`
const term = (name: string, units: string): string => String.raw`(?:(?<${name}>${NUM})\s*(?:${units})${SEP})?`
const UNIT_FORM = new RegExp(
  String.raw`^` +
    term('weeks', 'weeks?|wks?') +
    term('days', 'days?|dys?|d') +
    term('hours', 'hours?|hrs?|h') +
    term('mins', 'minutes?|mins?|m') +
    term('secs', 'seconds?|secs?|s') +
    String.raw`$`,
  'i',
)
const CLOCK_FORMS = [
  /^(?<days>\d+):(?<hours>\d{2}):(?<mins>\d{2}):(?<secs>\d{2}(?:\.\d+)?)$/,
  /^(?<hours>\d+):(?<mins>\d{2}):(?<secs>\d{2}(?:\.\d+)?)$/,
  /^(?<mins>\d+):(?<secs>\d{2}(?:\.\d+)?)$/,
  /^:(?<secs>\d{2}(?:\.\d+)?)$/,
]
const FACTORS: Record<string, number> = { weeks: 604800, days: 86400, hours: 3600, mins: 60, secs: 1 }

/** Python's `float()` on a string: decimal, exponent, surrounding whitespace, underscores between digits. */
export function parsePythonFloat(text: string): number | null {
  const t = text.trim()
  if (!/^[+-]?(?:(?:\d(?:_?\d)*)?(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][+-]?\d(?:_?\d)*)?|inf(?:inity)?|nan)$/i.test(t)) return null
  if (!/\d|inf|nan/i.test(t)) return null
  const lower = t.replace(/_/g, '').toLowerCase()
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity
  if (lower.endsWith('nan')) return NaN
  if (/^[+-]?\.?(?:e|$)/.test(lower)) return null
  return Number(lower)
}

/** Parses a duration string to seconds, or `null` when it is not one. */
function parseDurationSeconds(text: string): number | null {
  let t = text.trim()
  let sign = 1
  if (t.startsWith('-') || t.startsWith('+')) {
    sign = t.startsWith('-') ? -1 : 1
    t = t.slice(1).trim()
  }
  if (t === '') return null
  for (const re of CLOCK_FORMS) {
    const m = re.exec(t)
    if (m?.groups !== undefined) return sign * sumGroups(m.groups)
  }
  const m = UNIT_FORM.exec(t)
  if (m?.groups === undefined || Object.values(m.groups).every((v) => v === undefined)) return null
  return sign * sumGroups(m.groups)
}

function sumGroups(groups: Record<string, string | undefined>): number {
  let seconds = 0
  for (const [name, raw] of Object.entries(groups)) {
    if (raw === undefined) continue
    seconds += Number(raw.replace(',', '.')) * (FACTORS[name] ?? 0)
  }
  return seconds
}

/** Seconds → integer microseconds, via Gnocchi's `int(seconds × 1e9)` nanoseconds (truncation toward zero). */
export function secondsToUs(seconds: number): number {
  return Math.trunc(Math.trunc(seconds * 1e9) / 1000)
}

/** Gnocchi's `to_timespan` up to the seconds value: `float()` first, then the duration grammar. */
function timespanSeconds(value: unknown): number {
  if (value === null || value === undefined) throw new GnocchiError('INVALID_INPUT', TIMESPAN_ERRORS.invalid)
  let seconds: number | null
  if (typeof value === 'number') seconds = value
  else if (typeof value === 'string') seconds = parsePythonFloat(value) ?? parseDurationSeconds(value)
  else seconds = null
  if (seconds === null || !Number.isFinite(seconds)) throw new GnocchiError('INVALID_INPUT', TIMESPAN_ERRORS.unparseable)
  return seconds
}

/**
 * Parses a timespan to integer microseconds.
 * @param value a JSON number, a numeric string (seconds) or a duration string.
 * @param allowNonPositive accept zero and negative spans (relative timestamps); default false.
 * @throws GnocchiError `INVALID_INPUT` with Gnocchi's message.
 */
export function parseTimespanUs(value: unknown, allowNonPositive = false): number {
  const us = secondsToUs(timespanSeconds(value))
  if (!allowNonPositive && us <= 0) throw new GnocchiError('INVALID_INPUT', TIMESPAN_ERRORS.notPositive)
  return us
}

/**
 * Parses a timespan to exact integer nanoseconds, Gnocchi's own resolution (`int(seconds × 1e9)`).
 * Used where nanoseconds matter before rounding to µs (relative timestamps, definition checks).
 * @param value as for {@link parseTimespanUs}.
 * @param allowNonPositive accept zero and negative spans; default false.
 * @throws GnocchiError `INVALID_INPUT` with Gnocchi's message.
 */
export function parseTimespanNs(value: unknown, allowNonPositive = false): bigint {
  const ns = BigInt(Math.trunc(timespanSeconds(value) * 1e9))
  if (!allowNonPositive && ns <= 0n) throw new GnocchiError('INVALID_INPUT', TIMESPAN_ERRORS.notPositive)
  return ns
}

/** Like {@link parseTimespanUs} but returns `null` instead of throwing. */
export function tryParseTimespanUs(value: unknown, allowNonPositive = false): number | null {
  try {
    return parseTimespanUs(value, allowNonPositive)
  } catch {
    return null
  }
}
