/**
 * Time output formats (gnocchi-rest.md §1.7, gnocchi-storage-semantics.md §8): resource
 * datetimes, measure timestamps, Python `timedelta` text and float granularities.
 * Inputs are integer microseconds, the resolution Gnocchi renders.
 */

const US_PER_S = 1_000_000
const US_PER_DAY = 86_400 * US_PER_S

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

/** `YYYY-MM-DDTHH:MM:SS` (UTC) of a whole epoch second; years padded to 4 digits like Python. */
function isoSeconds(seconds: number): string {
  const d = new Date(seconds * 1000)
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` +
    `T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`
  )
}

/**
 * Formats a resource/revision datetime as Python's `datetime.isoformat()` on an aware UTC value:
 * `2014-01-03T02:02:02+00:00`, with `.ffffff` only when the microseconds are non-zero.
 * @param us integer microseconds since the epoch.
 */
export function formatDatetimeUs(us: number): string {
  const seconds = Math.floor(us / US_PER_S)
  const micros = us - seconds * US_PER_S
  return `${isoSeconds(seconds)}${micros === 0 ? '' : `.${pad(micros, 6)}`}+00:00`
}

/**
 * Formats a measure (bucket) timestamp as `YYYY-MM-DDTHH:MM:SS+00:00`.
 * gnocchi-compat: 4.4.2 renders a timestamp with a sub-second part as the literal `"+00:00"`;
 * we truncate to whole seconds like master (**recommended**), see gnocchi-storage-semantics.md §8.
 * @param us integer microseconds since the epoch.
 */
export function formatMeasureTimestampUs(us: number): string {
  return `${isoSeconds(Math.floor(us / US_PER_S))}+00:00`
}

/**
 * Formats a duration as Python's `str(timedelta)`: `[D day[s], ]H:MM:SS[.ffffff]`
 * (`0:00:01`, `0:00:03.600000`, `1 day, 0:00:00`, `365 days, 0:00:00`). Negative
 * durations follow Python's normalisation (`-1 day, 23:59:59` for −1 s).
 * @param us integer microseconds.
 */
export function formatTimedeltaUs(us: number): string {
  const days = Math.floor(us / US_PER_DAY)
  let rest = us - days * US_PER_DAY
  const micros = rest % US_PER_S
  rest = (rest - micros) / US_PER_S
  const h = Math.floor(rest / 3600)
  const m = Math.floor((rest % 3600) / 60)
  const s = rest % 60
  const dayPart = days === 0 ? '' : `${days} day${Math.abs(days) === 1 ? '' : 's'}, `
  return `${dayPart}${h}:${pad(m, 2)}:${pad(s, 2)}${micros === 0 ? '' : `.${pad(micros, 6)}`}`
}

/**
 * A granularity as float seconds for JSON (`60.0`, `0.5`); the Python-float rendering (`.0`) is
 * the serializer's job.
 * @param us integer microseconds.
 */
export function formatGranularitySeconds(us: number): number {
  return us / US_PER_S
}
