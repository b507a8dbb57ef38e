/**
 * Validation of `/api/stats/usage/` parameters, all of it before any data is read (issue 6),
 * with DRF's bodies keyed by the serializer's internal field names (legacy-stats-api.md §1.1).
 */
import { maxValueMessage, minValueMessage, parseDrfInteger } from './drf-integer.js'
import { FieldErrorCollector, bareError, fieldErrors } from './legacy-error.js'
import { allParams, lastParam, uuidKey, type QueryParams } from './query-params.js'
import type { UsageItems } from './usage-items.js'

/** Kinds of groups usage can be aggregated by. */
export type UsageAggregate = 'customer' | 'project' | 'project_group'

const AGGREGATES: readonly UsageAggregate[] = ['customer', 'project', 'project_group']

/** A validated usage query. Times in integer seconds, as the legacy API speaks. */
export interface UsageQuery {
  readonly aggregate: UsageAggregate
  /** `uuid` values as dash-less lower-case keys; null = no restriction. */
  readonly uuids: ReadonlySet<string> | null
  readonly item: string
  readonly fromS: number
  readonly toS: number
  readonly datapoints: number
}

/** Largest accepted timestamp, seconds: its µs still fit a double exactly (year 2255). */
export const MAX_TIMESTAMP_S = Math.floor(Number.MAX_SAFE_INTEGER / 1e6)
/**
 * Largest accepted `datapoints`. NodeConductor had no bound (and a huge value exhausted its
 * memory); this one keeps every answer small and never a 500.
 */
export const MAX_DATAPOINTS = 10_000

/** Python 2's `repr()` of a unicode string, as in `[u'cpu', u'memory']`. */
export function pyUnicodeRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'"
  let body = ''
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0
    if (ch === '\\') body += '\\\\'
    else if (ch === quote) body += `\\${quote}`
    else if (ch === '\n') body += '\\n'
    else if (ch === '\r') body += '\\r'
    else if (ch === '\t') body += '\\t'
    else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) body += `\\x${c.toString(16).padStart(2, '0')}`
    else if (c >= 0x80 && c <= 0xffff) body += `\\u${c.toString(16).padStart(4, '0')}`
    else if (c > 0xffff) body += `\\U${c.toString(16).padStart(8, '0')}`
    else body += ch
  }
  return `u${quote}${body}${quote}`
}

/** The `item` error listing the accepted keys. */
export const unknownItemMessage = (items: UsageItems): string =>
  `GET parameter 'item' have to be from list: [${Object.keys(items).map(pyUnicodeRepr).join(', ')}]`

function integerParam(
  errors: FieldErrorCollector,
  field: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback
  const parsed = parseDrfInteger(text)
  if ('error' in parsed) {
    errors.add(field, parsed.error)
    return fallback
  }
  if (parsed.value < min) errors.add(field, minValueMessage(min))
  else if (parsed.value > max) errors.add(field, maxValueMessage(max))
  return parsed.value
}

/**
 * Validates the query in the legacy order: `aggregate` first (a bare string body), then every
 * serializer field together (one field map), then the cross-field rule. `nowS` gives the
 * defaults `from = now − 3600`, `to = now`.
 */
export function parseUsageQuery(query: QueryParams, items: UsageItems, nowS: number): UsageQuery {
  const aggregateText = lastParam(query, 'aggregate') ?? 'customer'
  const aggregate = AGGREGATES.find((a) => a === aggregateText)
  if (aggregate === undefined) {
    throw bareError(`Get parameter "aggregate" can take only this values: ${AGGREGATES.join(', ')}`)
  }
  const errors = new FieldErrorCollector()
  const itemText = lastParam(query, 'item')
  // gnocchi-compat (legacy): DRF CharField trims whitespace; a missing item is reported as null
  // because the view passes None, see nodeconductor/iaas/views.py UsageStatsView.
  const item = itemText?.trim()
  if (item === undefined) errors.add('item', 'This field may not be null.')
  else if (item === '') errors.add('item', 'This field may not be blank.')
  else if (!Object.hasOwn(items, item)) errors.add('item', unknownItemMessage(items))
  const fromS = integerParam(errors, 'start_timestamp', lastParam(query, 'from'), nowS - 3600, 0, MAX_TIMESTAMP_S)
  const toS = integerParam(errors, 'end_timestamp', lastParam(query, 'to'), nowS, 0, MAX_TIMESTAMP_S)
  const datapoints = integerParam(errors, 'segments_count', lastParam(query, 'datapoints'), 6, 1, MAX_DATAPOINTS)
  errors.throwIfAny()
  if (fromS >= toS) throw fieldErrors({ non_field_errors: ['Interval value `from` has to be less then `to`'] })
  const uuidValues = allParams(query, 'uuid')
  return {
    aggregate,
    uuids: uuidValues.length === 0 ? null : new Set(uuidValues.map(uuidKey)),
    item: item ?? '',
    fromS,
    toS,
    datapoints,
  }
}
