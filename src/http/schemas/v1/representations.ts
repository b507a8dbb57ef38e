/**
 * JSON Schemas of the bodies `/v1` answers with (gnocchi-rest.md §2), for the OpenAPI document.
 * They describe what `render/*` and `engine/archive-policy/render.ts` produce; they are never
 * used to serialise (plugins/python-json.ts).
 */
import type { JsonSchema } from '../json-schema.js'

const nullableString: JsonSchema = { type: ['string', 'null'] }

/** One definition item of an archive policy (§2.1): durations as Python `timedelta` text. */
export const ARCHIVE_POLICY_ITEM_JSON: JsonSchema = {
  type: 'object',
  properties: {
    granularity: { type: 'string', examples: ['0:05:00'] },
    points: { type: ['integer', 'null'] },
    timespan: { type: ['string', 'null'], examples: ['30 days, 0:00:00'] },
  },
}

/** An archive policy (§2.1). */
export const ARCHIVE_POLICY_JSON: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    back_window: { type: 'integer' },
    definition: { type: 'array', items: ARCHIVE_POLICY_ITEM_JSON },
    aggregation_methods: { type: 'array', items: { type: 'string' } },
  },
}

/** An archive policy rule (§2.2). */
export const ARCHIVE_POLICY_RULE_JSON: JsonSchema = {
  type: 'object',
  properties: { name: { type: 'string' }, archive_policy_name: { type: 'string' }, metric_pattern: { type: 'string' } },
}

/** A resource type (§2.5): attribute name → definition. */
export const RESOURCE_TYPE_JSON: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    state: { type: 'string', examples: ['active'] },
    attributes: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: {
          type: { enum: ['string', 'uuid', 'number', 'bool', 'datetime'] },
          required: { type: 'boolean' },
          min_length: { type: 'integer' },
          max_length: { type: 'integer' },
          min: { type: ['number', 'null'] },
          max: { type: ['number', 'null'] },
        },
      },
    },
  },
}

/** A resource (§2.4): the base columns, the type's attributes, and `metrics` (name → id). */
export const RESOURCE_JSON: JsonSchema = {
  type: 'object',
  description: "The base columns, then the type's own attributes (null when unset), then `metrics`.",
  properties: {
    id: { type: 'string', format: 'uuid' },
    type: { type: 'string' },
    original_resource_id: { type: 'string' },
    creator: nullableString,
    created_by_user_id: nullableString,
    created_by_project_id: nullableString,
    user_id: nullableString,
    project_id: nullableString,
    started_at: { type: 'string', description: 'ISO 8601 with microseconds and `+00:00`.' },
    ended_at: nullableString,
    revision_start: { type: 'string' },
    revision_end: nullableString,
    metrics: { type: 'object', additionalProperties: { type: 'string', format: 'uuid' } },
  },
  additionalProperties: true,
}

/** A metric (§2.3); listings and details embed the archive policy, details also the resource. */
export const METRIC_JSON: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    creator: nullableString,
    name: nullableString,
    unit: nullableString,
    created_by_user_id: nullableString,
    created_by_project_id: nullableString,
    archive_policy_name: { type: 'string', description: 'Right after creation only.' },
    archive_policy: ARCHIVE_POLICY_JSON,
    resource_id: { type: ['string', 'null'], description: 'Right after creation and in listings.' },
    resource: { anyOf: [RESOURCE_JSON, { type: 'null' }], description: 'In details: the base columns of the resource.' },
  },
}

/** Measures as rows `[timestamp, granularity in seconds, value]` (§2.6). */
export const MEASURE_ROWS_JSON: JsonSchema = {
  type: 'array',
  description: 'Rows `[ISO timestamp, granularity (seconds, or a calendar letter when resampled by calendar), value]`.',
  items: {
    type: 'array',
    prefixItems: [{ type: 'string' }, { type: ['number', 'string'] }, { type: 'number' }],
    minItems: 3,
    maxItems: 3,
  },
  examples: [[['2024-01-01T00:00:00+00:00', 300.0, 42.5]]],
}

/** A list of each. */
export const listOf = (item: JsonSchema): JsonSchema => ({ type: 'array', items: item })
