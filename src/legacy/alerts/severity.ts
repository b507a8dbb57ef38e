/** Alert severities (legacy-stats-api.md §2.1): stored as integers, shown as Title-case names. */

/** Severity name → stored integer. */
export const SEVERITIES = { Debug: 10, Info: 20, Warning: 30, Error: 40 } as const

/** A severity name. */
export type SeverityName = keyof typeof SEVERITIES

const NAMES = Object.keys(SEVERITIES) as SeverityName[]

/** The integer of a name, or undefined for anything else (names are case-sensitive). */
export const severityOf = (name: string): number | undefined =>
  Object.hasOwn(SEVERITIES, name) ? SEVERITIES[name as SeverityName] : undefined

/** The name of a stored integer. */
export function severityName(value: number): SeverityName {
  return NAMES.find((n) => SEVERITIES[n] === value) ?? 'Debug'
}

/** Names in the order of the stats answer (the seed's spelling, sorted). */
export const STATS_KEYS: readonly SeverityName[] = ['Debug', 'Error', 'Info', 'Warning']
