/**
 * Calendar groupings of read-time resampling (gnocchi-storage-semantics.md §7): `Y`, `H`, `Q`,
 * `M` and `W`, all in UTC. Weeks start on Sunday 00:00.
 */

/** A calendar grouping letter, also the `granularity` rendered for its rows. */
export type CalendarUnit = 'Y' | 'H' | 'Q' | 'M' | 'W'

const UNITS: ReadonlySet<string> = new Set(['Y', 'H', 'Q', 'M', 'W'])
const US_PER_DAY = 86_400_000_000

/** True when `text` is a calendar grouping letter (exact, case-sensitive as in Gnocchi). */
export function isCalendarUnit(text: string): text is CalendarUnit {
  return UNITS.has(text)
}

/** Start (µs) of the calendar period holding `timeUs`. */
export function calendarFloorUs(timeUs: number, unit: CalendarUnit): number {
  if (unit === 'W') {
    const day = Math.floor(timeUs / US_PER_DAY)
    // 1970-01-01 was a Thursday: (day + 4) % 7 is 0 on Sundays.
    const weekday = (((day + 4) % 7) + 7) % 7
    return (day - weekday) * US_PER_DAY
  }
  const d = new Date(Math.floor(timeUs / 1000))
  const year = d.getUTCFullYear()
  const month = d.getUTCMonth()
  const firstMonth = unit === 'Y' ? 0 : unit === 'H' ? month - (month % 6) : unit === 'Q' ? month - (month % 3) : month
  return Date.UTC(year, firstMonth, 1) * 1000
}

/** Start (µs) of the calendar period after the one holding `timeUs`. */
export function calendarNextUs(timeUs: number, unit: CalendarUnit): number {
  const start = calendarFloorUs(timeUs, unit)
  if (unit === 'W') return start + 7 * US_PER_DAY
  const d = new Date(start / 1000)
  const months = unit === 'Y' ? 12 : unit === 'H' ? 6 : unit === 'Q' ? 3 : 1
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1) * 1000
}
