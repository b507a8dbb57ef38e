/**
 * Measures bodies (gnocchi-rest.md §3.5–§3.6) as JSON Schemas, for the OpenAPI document. The
 * parsers are `parseMeasuresBody` (routes/v1/measures.ts) and the batch routes; these only
 * document.
 */
import type { JsonSchema } from '../json-schema.js'

/** A list of measures; `{}` counts as an empty list. */
export const MEASURES_JSON: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['timestamp', 'value'],
    properties: {
      timestamp: {
        type: ['string', 'number'],
        description: 'ISO 8601, seconds since the epoch, or relative to now (`-5 min`, `now`).',
      },
      value: { type: ['number', 'string', 'boolean'], description: 'A number (numeric text and booleans are read as Python `float()` does).' },
    },
  },
  examples: [[{ timestamp: '2024-01-01T12:00:00', value: 4.5 }, { timestamp: 1704110460, value: 5 }]],
}

/** `POST /v1/batch/metrics/measures`: metric id → measures. */
export const BATCH_METRICS_JSON: JsonSchema = {
  type: 'object',
  description: 'Metric id (a UUID, dashes optional) → its measures.',
  additionalProperties: MEASURES_JSON,
}

/** `POST /v1/batch/resources/metrics/measures`: resource id → metric name → measures (or with a policy to create it). */
export const BATCH_RESOURCES_JSON: JsonSchema = {
  type: 'object',
  description: 'Resource id → metric name → its measures.',
  additionalProperties: {
    type: 'object',
    additionalProperties: {
      anyOf: [
        MEASURES_JSON,
        {
          type: 'object',
          required: ['measures'],
          properties: {
            measures: MEASURES_JSON,
            archive_policy_name: { type: 'string', description: 'For a metric created by `create_metrics`.' },
            unit: { type: 'string' },
          },
          additionalProperties: false,
        },
      ],
    },
  },
}
