/**
 * The JSON form of a resource search filter (gnocchi-aggregates.md §7.1) as a JSON Schema, for
 * the OpenAPI document. `grammar/filter` (`filterFromJson`, `parseFilter`) validates filters with
 * voluptuous's messages; this only documents. Nested filters are described, not recursed into,
 * so the schema stays self-contained.
 */
import type { JsonSchema } from '../json-schema.js'

const COMPARISONS = ['=', '==', 'eq', '!=', '≠', 'ne', '<', 'lt', '<=', '≤', 'le', '>', 'gt', '>=', '≥', 'ge', 'like'] as const

const scalar: JsonSchema = { type: ['string', 'number', 'boolean', 'null'] }

/** A filter object: one operator key. */
export const SEARCH_FILTER_JSON: JsonSchema = {
  type: 'object',
  description:
    'One operator: a comparison `{"<op>": {"<attribute>": <value>}}` (ops ' +
    COMPARISONS.map((c) => `\`${c}\``).join(', ') +
    '), `{"in": {"<attribute>": [<values>]}}`, `{"and"|"or"|"∧"|"∨": [<filters>]}` or `{"not": <filter>}`; `{}` matches everything.',
  maxProperties: 1,
  properties: {
    ...Object.fromEntries(COMPARISONS.map((op) => [op, { type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: scalar }])),
    in: { type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: { type: 'array', minItems: 1, items: scalar } },
    ...Object.fromEntries(['and', 'or', '∧', '∨'].map((op) => [op, { type: 'array', minItems: 1, items: { type: 'object', description: 'A filter.' } }])),
    not: { type: 'object', description: 'A filter.' },
  },
  additionalProperties: false,
  examples: [{ and: [{ '=': { type: 'instance' } }, { like: { 'display_name': 'web-%' } }] }],
}

/** The `filter` query parameter: the same filter in its string form. */
export const FILTER_QUERY_DESCRIPTION =
  'The filter in its string form (used when there is no body), e.g. `project_id = "bar" and not (started_at < "-1 day")`.'
