/**
 * The searchable columns of a resource (gnocchi-aggregates.md §7.2): their wire names, how to
 * read them from a {@link ResourceRevision}, and how a filter value is converted for them.
 */
import type { AttributeType, ResourceRevision, ResourceType } from '../../model/resource.js'
import { badRequest, type GnocchiError } from '../../model/errors.js'
import { formatPyFloat } from '../../model/python-json.js'
import { parseTimespanUs, parsePythonFloat } from '../../model/timespan.js'
import { parseTimestampUs } from '../../model/timestamp.js'
import { pyStr, type FilterScalar } from '../../grammar/filter/index.js'

/** How values of a column compare: text, number (incl. µs times), boolean or canonical uuid text. */
export type ColumnKind = 'string' | 'uuid' | 'number' | 'bool' | 'datetime' | 'timespan'

/** A column value after conversion; `null` is SQL NULL. */
export type ColumnValue = string | number | boolean | null

/** One searchable column. */
export interface Column {
  readonly name: string
  readonly kind: ColumnKind
  readonly read: (r: ResourceRevision) => ColumnValue
}

const BASE: Readonly<Record<string, Column>> = {
  id: { name: 'id', kind: 'uuid', read: (r) => r.id },
  type: { name: 'type', kind: 'string', read: (r) => r.type },
  creator: { name: 'creator', kind: 'string', read: (r) => r.creator },
  original_resource_id: { name: 'original_resource_id', kind: 'string', read: (r) => r.originalResourceId },
  user_id: { name: 'user_id', kind: 'string', read: (r) => r.userId },
  project_id: { name: 'project_id', kind: 'string', read: (r) => r.projectId },
  started_at: { name: 'started_at', kind: 'datetime', read: (r) => r.startedAtUs },
  ended_at: { name: 'ended_at', kind: 'datetime', read: (r) => r.endedAtUs },
  revision_start: { name: 'revision_start', kind: 'datetime', read: (r) => r.revisionStartUs },
  lifespan: {
    name: 'lifespan',
    kind: 'timespan',
    read: (r) => (r.endedAtUs === null ? null : r.endedAtUs - r.startedAtUs),
  },
}

const HISTORY_ONLY: Readonly<Record<string, Column>> = {
  revision_end: { name: 'revision_end', kind: 'datetime', read: (r) => r.revisionEndUs },
  revision: { name: 'revision', kind: 'number', read: (r) => r.revision },
}

const KIND_OF_ATTRIBUTE: Readonly<Record<AttributeType, ColumnKind>> = {
  string: 'string',
  uuid: 'uuid',
  number: 'number',
  bool: 'bool',
  datetime: 'datetime',
}

/**
 * The column for `attribute` when searching `type`.
 * @throws GnocchiError `Resource type <type> has no <attr> attribute`.
 */
export function resolveColumn(attribute: string, type: ResourceType, history: boolean): Column {
  if (Object.prototype.hasOwnProperty.call(BASE, attribute)) return BASE[attribute]
  if (history && Object.prototype.hasOwnProperty.call(HISTORY_ONLY, attribute)) return HISTORY_ONLY[attribute]
  if (Object.prototype.hasOwnProperty.call(type.attributes, attribute)) {
    const kind = KIND_OF_ATTRIBUTE[type.attributes[attribute].type]
    return {
      name: attribute,
      kind,
      read: (r) => (Object.prototype.hasOwnProperty.call(r.attributes, attribute) ? r.attributes[attribute] : null),
    }
  }
  throw badRequest(`Resource type ${type.name} has no ${attribute} attribute`)
}

/** `Invalid value: `<v>' for field `<f>'` (Gnocchi's QueryValueError). */
export function invalidValue(value: unknown, field: string): GnocchiError {
  return badRequest(`Invalid value: \`${pyStr(value)}' for field \`${field}'`)
}

/**
 * Python `str()` of a filter value, as the database driver binds it to a text column.
 * @param floats the value comes from the string form, whose numbers are Python floats.
 */
export function textOf(value: string | number | boolean, floats: boolean): string {
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  // gnocchi-compat: a JSON integer binds as `12`, a float (every string-form number) as `12.0`, see gnocchi-aggregates.md §7.2
  if (!floats && Number.isInteger(value) && !Object.is(value, -0)) {
    return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString()
  }
  return formatPyFloat(value).replace(/^(-?)Infinity$/, '$1inf').replace(/^NaN$/, 'nan')
}

const PG_TRUE = /^(t|tr|tru|true|y|ye|yes|on|1)$/i
const PG_FALSE = /^(f|fa|fal|fals|false|n|no|off|of|0)$/i

/** Canonical text of a UUID in Python's lenient syntax, or null. */
export function canonicalUuid(text: string): string | null {
  let t = text.trim()
  t = t.replace(/^urn:/i, '').replace(/^uuid:/i, '')
  t = t.replace(/^\{/, '').replace(/\}$/, '').replace(/-/g, '')
  if (!/^[0-9a-fA-F]{32}$/.test(t)) return null
  t = t.toLowerCase()
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-${t.slice(12, 16)}-${t.slice(16, 20)}-${t.slice(20)}`
}

/**
 * Converts one non-null filter value for a column (§7.2 "Value conversion"); `id` values are
 * converted by the caller (UUID5 transformation).
 * @param floats the value comes from the string form.
 * @param nowUs "now" for relative datetimes.
 * @param reported the value named in the error (the whole list for `in`).
 * @throws GnocchiError `Invalid value: …` when the value does not convert.
 */
export function convertValue(
  column: Column,
  value: Exclude<FilterScalar, null>,
  floats: boolean,
  nowUs: number,
  reported: unknown = value,
): string | number | boolean {
  switch (column.kind) {
    case 'string':
      return textOf(value, floats)
    case 'uuid': {
      // gnocchi-compat: 4.4.2 answers 500 for a malformed uuid; we answer 400 Invalid value as recommended, see gnocchi-aggregates.md §7.2
      const u = typeof value === 'string' ? canonicalUuid(value) : null
      if (u === null) throw invalidValue(reported, column.name)
      return u
    }
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : parsePythonFloat(value)
      if (n === null || Number.isNaN(n)) throw invalidValue(reported, column.name)
      return n
    }
    case 'bool': {
      // gnocchi-compat: bool values go to PostgreSQL unchanged, which reads `t`, `yes`, `on`, `1`…; 4.4.2 fails with 500 on numbers, we answer 400, see gnocchi-aggregates.md §7.2
      if (typeof value === 'boolean') return value
      if (typeof value === 'string') {
        const t = value.trim()
        if (PG_TRUE.test(t)) return true
        if (PG_FALSE.test(t)) return false
      }
      throw invalidValue(reported, column.name)
    }
    case 'datetime':
      try {
        // gnocchi-compat: Gnocchi converts to ns; PostgreSQL keeps µs, our resolution too, see gnocchi-rest.md §1.5
        return parseTimestampUs(value, nowUs)
      } catch {
        throw invalidValue(reported, column.name)
      }
    case 'timespan':
      try {
        return parseTimespanUs(value, true)
      } catch {
        throw invalidValue(reported, column.name)
      }
  }
}
