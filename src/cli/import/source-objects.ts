/**
 * Reading the objects a Gnocchi source answers (gnocchi-rest.md §2) back into Polenta's model:
 * archive policies and rules, resource types, resources, metrics and aggregated measures.
 * Values are validated with the same code the API uses for client input, so what the import
 * stores is what a client could have created.
 */
import { buildArchivePolicy } from '../../engine/archive-policy/index.js'
import type { AggregatedSeries } from '../../engine/ingest/replace-aggregates.js'
import { parseLenientUuid } from '../../engine/resource-id.js'
import { parseArchivePolicyRuleBody } from '../../http/schemas/v1/archive-policy-rule.js'
import { checkAttributeValue } from '../../http/schemas/v1/resource-type-attribute-value.js'
import { parseResourceTypeBody } from '../../http/schemas/v1/resource-type.js'
import type { ArchivePolicy, ArchivePolicyRule } from '../../model/archive-policy.js'
import type { AttributeValue, ResourceType } from '../../model/resource.js'
import { parseTimestampUs } from '../../model/timestamp.js'
import type { NewMetric, NewResource } from '../../storage/index-types.js'

/** A source object that cannot be read; the message says which field and why. */
export class SourceObjectError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SourceObjectError'
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

function record(v: unknown, what: string): Record<string, unknown> {
  if (!isRecord(v)) throw new SourceObjectError(`${what} is not a JSON object`)
  return v
}

function stringField(o: Record<string, unknown>, key: string, what: string): string {
  const v = o[key]
  if (typeof v !== 'string') throw new SourceObjectError(`${what}: ${key} is not a string`)
  return v
}

function nullableString(o: Record<string, unknown>, key: string, what: string): string | null {
  const v = o[key]
  if (v === null || v === undefined) return null
  if (typeof v !== 'string') throw new SourceObjectError(`${what}: ${key} is not a string or null`)
  return v
}

const TIMEDELTA = /^(?:(\d+) days?, )?(\d+):(\d\d):(\d\d(?:\.\d{1,6})?)$/

/**
 * Python `timedelta` text as Gnocchi renders durations (`0:05:00`, `1 day, 0:00:00`) in the
 * `D:HH:MM:SS[.ffffff]` clock form the timespan parser reads.
 */
export function timedeltaToClock(text: string): string {
  const m = TIMEDELTA.exec(text)
  if (m === null) throw new SourceObjectError(`unreadable duration ${JSON.stringify(text)}`)
  const [, days, h, mm, ss] = m
  return days === undefined ? `${h}:${mm}:${ss}` : `${days}:${h!.padStart(2, '0')}:${mm}:${ss}`
}

/** An archive policy as `GET /v1/archive_policy` renders it. */
export function readArchivePolicy(json: unknown): ArchivePolicy {
  const o = record(json, 'archive policy')
  const name = typeof o.name === 'string' ? o.name : '?'
  if (!Array.isArray(o.definition)) throw new SourceObjectError(`archive policy ${name}: definition is not a list`)
  const definition = o.definition.map((item: unknown) => {
    const d = record(item, `archive policy ${name} definition item`)
    const granularity = timedeltaToClock(stringField(d, 'granularity', `archive policy ${name}`))
    // points null = granularity-only item (unbounded retention).
    return d.points === null || d.points === undefined ? { granularity } : { granularity, points: d.points }
  })
  const policy = buildArchivePolicy({ name: o.name, back_window: o.back_window, aggregation_methods: o.aggregation_methods, definition })
  // The source lists its method set in its own order (a Python set in Gnocchi); keep that order
  // so the policy renders as it did there. The set itself is the validated one.
  const listed = o.aggregation_methods as readonly string[]
  const sameSet = listed.length === policy.aggregationMethods.length && listed.every((m) => policy.aggregationMethods.includes(m))
  return sameSet ? { ...policy, aggregationMethods: [...listed] } : policy
}

/** A comparable form of a policy: method set and definition order do not matter. */
export function policyFingerprint(p: ArchivePolicy): string {
  const items = [...p.definition].sort((a, b) => a.granularityUs - b.granularityUs).map((d) => [d.granularityUs, d.points, d.timespanUs])
  return JSON.stringify([p.backWindow, [...p.aggregationMethods].sort(), items])
}

/** An archive policy rule as rendered. */
export function readArchivePolicyRule(json: unknown): ArchivePolicyRule {
  const o = record(json, 'archive policy rule')
  return parseArchivePolicyRuleBody({ name: o.name, archive_policy_name: o.archive_policy_name, metric_pattern: o.metric_pattern })
}

/** A resource type as rendered (`state` is not carried: imported types are active). */
export function readResourceType(json: unknown): ResourceType {
  const o = record(json, 'resource type')
  return parseResourceTypeBody({ name: o.name, attributes: o.attributes })
}

/** A comparable form of a resource type's attributes. */
export function resourceTypeFingerprint(t: ResourceType): string {
  const names = Object.keys(t.attributes).sort()
  return JSON.stringify(names.map((n) => [n, t.attributes[n]]))
}

const timeField = (o: Record<string, unknown>, key: string, what: string): number => {
  try {
    return parseTimestampUs(o[key])
  } catch {
    throw new SourceObjectError(`${what}: ${key} ${JSON.stringify(o[key])} is not a timestamp`)
  }
}

/**
 * A resource as `GET /v1/resource/generic?details=true` renders it, for a type the target
 * knows. Null attributes are left unset (that is how the API stores an omitted attribute).
 */
export function readResource(json: unknown, type: ResourceType): NewResource {
  const o = record(json, 'resource')
  const rawId = stringField(o, 'id', 'resource')
  const what = `resource ${rawId}`
  const id = parseLenientUuid(rawId)
  if (id === null) throw new SourceObjectError(`${what}: id is not a UUID`)
  const attributes: Record<string, AttributeValue> = {}
  for (const [name, schema] of Object.entries(type.attributes)) {
    const v = o[name]
    if (v === null || v === undefined) {
      if (schema.required) throw new SourceObjectError(`${what}: required attribute ${name} is missing`)
      continue
    }
    const checked = checkAttributeValue(schema, v)
    if (!checked.ok) throw new SourceObjectError(`${what}: attribute ${name}: ${checked.problem}`)
    attributes[name] = checked.value
  }
  return {
    id,
    type: type.name,
    originalResourceId: stringField(o, 'original_resource_id', what),
    creator: nullableString(o, 'creator', what),
    userId: nullableString(o, 'user_id', what),
    projectId: nullableString(o, 'project_id', what),
    startedAtUs: timeField(o, 'started_at', what),
    endedAtUs: o.ended_at === null || o.ended_at === undefined ? null : timeField(o, 'ended_at', what),
    attributes,
  }
}

/** A metric as `GET /v1/metric` lists it (`archive_policy` object, `resource_id`). */
export function readMetric(json: unknown): NewMetric {
  const o = record(json, 'metric')
  const rawId = stringField(o, 'id', 'metric')
  const what = `metric ${rawId}`
  const id = parseLenientUuid(rawId)
  if (id === null) throw new SourceObjectError(`${what}: id is not a UUID`)
  const policy = isRecord(o.archive_policy) ? o.archive_policy.name : o.archive_policy_name
  if (typeof policy !== 'string') throw new SourceObjectError(`${what}: no archive policy name`)
  const resourceId = nullableString(o, 'resource_id', what)
  const canonicalResource = resourceId === null ? null : parseLenientUuid(resourceId)
  if (resourceId !== null && canonicalResource === null) throw new SourceObjectError(`${what}: resource_id is not a UUID`)
  return {
    id,
    archivePolicyName: policy,
    creator: nullableString(o, 'creator', what),
    name: nullableString(o, 'name', what),
    unit: nullableString(o, 'unit', what),
    resourceId: canonicalResource,
  }
}

/**
 * Splits the rows of `GET /v1/metric/{id}/measures?aggregation=M` (every granularity, rows
 * `[timestamp, granularity seconds, value]`) into one series per granularity of
 * `granularitiesUs`; a granularity without rows gets an empty series. Rows of the `ignoredUs`
 * granularities are dropped unread (their timestamps may not even parse).
 */
export function readMeasureRows(rows: readonly unknown[], method: string, granularitiesUs: readonly number[], ignoredUs: readonly number[] = []): AggregatedSeries[] {
  const byGranularity = new Map<number, { ts: number[]; vs: number[] }>(granularitiesUs.map((g) => [g, { ts: [], vs: [] }]))
  for (const row of rows) {
    if (!Array.isArray(row) || row.length !== 3 || typeof row[1] !== 'number' || typeof row[2] !== 'number') {
      throw new SourceObjectError(`measures of ${method}: unexpected row ${JSON.stringify(row)}`)
    }
    const g = Math.round(row[1] * 1e6)
    if (ignoredUs.includes(g)) continue
    const target = byGranularity.get(g)
    if (target === undefined) throw new SourceObjectError(`measures of ${method}: granularity ${row[1]} s is not in the archive policy`)
    let t: number
    try {
      t = parseTimestampUs(row[0])
    } catch {
      throw new SourceObjectError(`measures of ${method}: unreadable timestamp ${JSON.stringify(row[0])}`)
    }
    target.ts.push(t)
    target.vs.push(row[2])
  }
  return granularitiesUs.map((g) => {
    const { ts, vs } = byGranularity.get(g)!
    return { method, granularityUs: g, series: { timestampsUs: Float64Array.from(ts), values: Float64Array.from(vs) } }
  })
}
