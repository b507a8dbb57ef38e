/**
 * Gnocchi's JSON shape of a resource (gnocchi-rest.md §2.4): the 13 base keys, the type's own
 * attributes when asked for, and the `metrics` map. Shared by the resource, search, history and
 * metric routes.
 */
import type { Metric } from '../../model/metric.js'
import { pyFloat, type PyFloat } from '../../model/python-json.js'
import type { AttributeSchema, AttributeValue, ResourceRevision, ResourceType } from '../../model/resource.js'
import { formatDatetimeUs } from '../../model/time-format.js'

/** Rendered value of a resource attribute or base column. */
export type ResourceJsonValue = string | number | boolean | null | PyFloat | Readonly<Record<string, string>>

/** A rendered resource: base columns, type attributes and (unless embedded in a metric) `metrics`. */
export type ResourceJson = Record<string, ResourceJsonValue>

/**
 * `created_by_user_id` / `created_by_project_id`: the creator split at its first `:` (text
 * before, text after, `""` when there is no colon); both null for a null creator (§1.11).
 */
export function creatorParts(creator: string | null): { readonly userId: string | null; readonly projectId: string | null } {
  if (creator === null) return { userId: null, projectId: null }
  const colon = creator.indexOf(':')
  return colon < 0 ? { userId: creator, projectId: '' } : { userId: creator.slice(0, colon), projectId: creator.slice(colon + 1) }
}

/** The base columns of a revision (no attributes, no metrics), in Gnocchi's order. */
export function renderResourceBase(r: ResourceRevision): ResourceJson {
  const parts = creatorParts(r.creator)
  return {
    id: r.id,
    type: r.type,
    original_resource_id: r.originalResourceId,
    creator: r.creator,
    created_by_user_id: parts.userId,
    created_by_project_id: parts.projectId,
    user_id: r.userId,
    project_id: r.projectId,
    started_at: formatDatetimeUs(r.startedAtUs),
    ended_at: r.endedAtUs === null ? null : formatDatetimeUs(r.endedAtUs),
    revision_start: formatDatetimeUs(r.revisionStartUs),
    revision_end: r.revisionEndUs === null ? null : formatDatetimeUs(r.revisionEndUs),
  }
}

/** One stored attribute value in its JSON form: numbers as floats, datetimes as ISO text. */
export function renderAttributeValue(schema: AttributeSchema, value: AttributeValue | undefined): ResourceJsonValue {
  if (value === null || value === undefined) return null
  switch (schema.type) {
    case 'number':
      // gnocchi-compat: number attributes are SQL floats, so `8` comes back as `8.0`, see gnocchi/indexer/sqlalchemy_extension.py.
      return pyFloat(Number(value))
    case 'datetime':
      return typeof value === 'number' ? formatDatetimeUs(value) : value
    default:
      return value
  }
}

/** The `metrics` map: name → id of the active named metrics attached to the resource. */
export function renderMetricsMap(metrics: readonly Metric[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of metrics) if (m.name !== null) out[m.name] = m.id
  return out
}

/**
 * A full resource: base columns, then every attribute of `type` (null when unset) when a type
 * is given, then `metrics`. Pass `type = null` for the base form (listing a base type without
 * `details`).
 */
export function renderResource(r: ResourceRevision, metrics: readonly Metric[], type: ResourceType | null): ResourceJson {
  const out = renderResourceBase(r)
  if (type !== null) {
    for (const [name, schema] of Object.entries(type.attributes)) out[name] = renderAttributeValue(schema, r.attributes[name])
  }
  out.metrics = renderMetricsMap(metrics)
  return out
}

/** Keeps only the keys named by `attrs` (the `attrs` query parameter; unknown names ignored). */
export function pickAttrs(item: ResourceJson, attrs: readonly string[]): ResourceJson {
  const out: ResourceJson = {}
  for (const a of attrs) if (Object.prototype.hasOwnProperty.call(item, a)) out[a] = item[a]
  return out
}

/** Every key a rendered resource of `type` carries (base columns, `metrics` and the type's attributes). */
export function renderedResourceKeys(type: ResourceType): string[] {
  const blank: ResourceRevision = {
    id: '00000000-0000-0000-0000-000000000000',
    type: type.name,
    originalResourceId: '',
    creator: null,
    userId: null,
    projectId: null,
    startedAtUs: 0,
    endedAtUs: null,
    revisionStartUs: 0,
    revisionEndUs: null,
    revision: 0,
    attributes: {},
  }
  return Object.keys(renderResource(blank, [], type))
}
