/**
 * Bodies of `/v1/archive_policy` (gnocchi-rest.md §3.2) as JSON Schemas, for the OpenAPI
 * document. The parser that validates them, with voluptuous's messages, is
 * `engine/archive-policy` (`buildArchivePolicy`, `updateArchivePolicy`); these only document.
 */
import { documentedBody } from '../documented-body.js'
import type { JsonSchema } from '../json-schema.js'

/** A duration: seconds (a number or numeric text) or a timespan text such as `5 min`, `1 day`. */
const DURATION: JsonSchema = {
  description: 'Seconds, or a timespan text such as `60`, `5min`, `1 day`.',
  anyOf: [{ type: 'number', exclusiveMinimum: 0 }, { type: 'string' }],
}

/** One definition item: two of granularity, points and timespan (the third is derived). */
const DEFINITION_ITEM: JsonSchema = {
  type: 'object',
  description: 'At least two of `granularity`, `points` and `timespan`; timespan = granularity × points.',
  properties: {
    granularity: DURATION,
    points: { type: 'integer', minimum: 1 },
    timespan: DURATION,
  },
  additionalProperties: false,
}

/** `POST /v1/archive_policy`. */
export const ARCHIVE_POLICY_BODY = documentedBody({
  type: 'object',
  required: ['name', 'definition'],
  properties: {
    name: { type: 'string' },
    back_window: { type: 'integer', minimum: 0, description: 'Number of past granularity periods still accepted; default 0.' },
    definition: { type: 'array', minItems: 1, items: DEFINITION_ITEM },
    aggregation_methods: {
      type: 'array',
      items: { type: 'string' },
      description: 'Methods (`mean`, `max`, `95pct`, `rate:last`, `*`), or `+m` / `-m` to add to or remove from the default set.',
    },
  },
  additionalProperties: false,
  examples: [{ name: 'five-minutes', definition: [{ granularity: '5 min', timespan: '30 days' }], aggregation_methods: ['mean', 'max'] }],
})

/** `PATCH /v1/archive_policy/{name}`: new points/timespan for the same granularities. */
export const ARCHIVE_POLICY_PATCH_BODY = documentedBody({
  type: 'object',
  required: ['definition'],
  properties: { definition: { type: 'array', minItems: 1, items: DEFINITION_ITEM } },
  additionalProperties: false,
})
