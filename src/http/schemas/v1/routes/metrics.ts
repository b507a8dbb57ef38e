/**
 * Route schemas of `/v1/metric`, its measures and the batch routes (routes/v1/metrics.ts,
 * measures.ts, batch.ts; gnocchi-rest.md §3.4–§3.6).
 */
import type { FastifySchema } from 'fastify'
import { documentedBody } from '../../documented-body.js'
import { pathParams, queryParam, querystring } from '../../parameters.js'
import { emptyResponse, gnocchiErrors, jsonResponse, withLocation, withNextLink } from '../../responses.js'
import { BATCH_METRICS_JSON, BATCH_RESOURCES_JSON, MEASURES_JSON } from '../measures.js'
import { PAGINATION_PARAMS } from '../pagination.js'
import { MEASURE_ROWS_JSON, METRIC_JSON, listOf } from '../representations.js'

const metricParams = pathParams({ id: 'The metric id (a UUID).' })
const namedMetricParams = pathParams({
  type: 'The resource type name.',
  id: 'The resource id: its UUID, or the original id it was created with.',
  name: "The metric's name on the resource.",
})

/** The body `parseMetricBody` (routes/v1/metrics.ts) validates. */
const METRIC_BODY = documentedBody({
  type: 'object',
  properties: {
    archive_policy_name: { type: 'string', description: 'Default: chosen by the archive policy rules from the name.' },
    name: { type: 'string', description: 'Required with `resource_id`; no `/`.' },
    unit: { type: 'string', maxLength: 31 },
    resource_id: { type: 'string', description: 'Attach the metric to this resource.' },
  },
  additionalProperties: false,
  examples: [{ archive_policy_name: 'low', name: 'cpu.util', unit: '%' }],
})

const MEASURES_BODY = documentedBody({ ...MEASURES_JSON })

const READ_QUERY = querystring({
  aggregation: queryParam({ description: 'Aggregation method; default `mean`.', examples: ['max', 'rate:mean'] }),
  granularity: queryParam({ description: 'Only this granularity (seconds or a timespan).', examples: ['300', '5min'] }),
  start: queryParam({ description: 'From this time (inclusive): ISO 8601, epoch seconds or relative.', examples: ['2024-01-01T00:00:00', '-1 day'] }),
  stop: queryParam('Until this time (exclusive).'),
  resample: queryParam({ description: 'Resample to this granularity (a timespan) or calendar unit (`Y`, `H`, `Q`, `M`, `W`, `D`); needs `granularity`.', examples: ['1h', 'D'] }),
  refresh: queryParam('Accepted for compatibility: reads always see every acknowledged write.'),
})

const measureRead = { 200: jsonResponse('The measures.', MEASURE_ROWS_JSON), ...gnocchiErrors(400, 401, 403, 404) }
const measureWrite = { 202: emptyResponse('Accepted: durably queued and processed right away.'), ...gnocchiErrors(400, 401, 403, 404) }

/** One schema per route. */
export const METRIC_ROUTES = {
  create: {
    tags: ['metric'],
    summary: 'Create a metric',
    body: METRIC_BODY,
    response: { 201: withLocation(jsonResponse('The created metric.', METRIC_JSON)), ...gnocchiErrors(400, 401, 403, 404) },
  },
  list: {
    tags: ['metric'],
    summary: 'List metrics',
    description: 'Filtered by the policy rules for the caller.',
    querystring: querystring({
      id: queryParam('Only this metric id.'),
      name: queryParam('Only metrics with this name.'),
      unit: queryParam('Only metrics with this unit.'),
      archive_policy_name: queryParam('Only metrics with this archive policy.'),
      creator: queryParam('Only metrics with this creator.'),
      user_id: queryParam('Only metrics created by this user (keystone creators `user:project`).'),
      project_id: queryParam('Only metrics created in this project.'),
      status: queryParam({ description: '`active` (default) or `delete`.', examples: ['active'] }),
      ...PAGINATION_PARAMS,
    }),
    response: { 200: withNextLink(jsonResponse('The metrics of the page.', listOf(METRIC_JSON))), ...gnocchiErrors(400, 401, 403) },
  },
  get: {
    tags: ['metric'],
    summary: 'Show a metric',
    params: metricParams,
    response: { 200: jsonResponse('The metric, with its archive policy and resource.', METRIC_JSON), ...gnocchiErrors(401, 403, 404) },
  },
  delete: {
    tags: ['metric'],
    summary: 'Delete a metric and its measures',
    params: metricParams,
    response: { 204: emptyResponse('Deleted.'), ...gnocchiErrors(401, 403, 404) },
  },
} satisfies Record<string, FastifySchema>

/** The measures routes. */
export const MEASURE_ROUTES = {
  post: {
    tags: ['measures'],
    summary: 'Add measures to a metric',
    params: metricParams,
    body: MEASURES_BODY,
    response: measureWrite,
  },
  get: {
    tags: ['measures'],
    summary: 'Read the aggregated measures of a metric',
    params: metricParams,
    querystring: READ_QUERY,
    response: measureRead,
  },
  postNamed: {
    tags: ['measures'],
    summary: 'Add measures to a named metric of a resource',
    params: namedMetricParams,
    body: MEASURES_BODY,
    response: measureWrite,
  },
  getNamed: {
    tags: ['measures'],
    summary: 'Read the aggregated measures of a named metric of a resource',
    params: namedMetricParams,
    querystring: READ_QUERY,
    response: measureRead,
  },
} satisfies Record<string, FastifySchema>

/** The batch routes. */
export const BATCH_ROUTES = {
  metrics: {
    tags: ['batch'],
    summary: 'Add measures to many metrics, by id',
    description: 'Everything is validated before anything is queued; unknown metrics are a 400.',
    body: documentedBody({ ...BATCH_METRICS_JSON }),
    response: { 202: emptyResponse('Accepted.'), ...gnocchiErrors(400, 401, 403) },
  },
  resources: {
    tags: ['batch'],
    summary: 'Add measures to many named metrics of resources',
    description: 'Everything is validated before anything is queued.',
    querystring: querystring({
      create_metrics: queryParam('Create the metrics that do not exist yet (on existing resources): `true`/`false`.'),
    }),
    body: documentedBody({ ...BATCH_RESOURCES_JSON }),
    response: { 202: emptyResponse('Accepted.'), ...gnocchiErrors(400, 401, 403) },
  },
} satisfies Record<string, FastifySchema>

/** The body of `POST /v1/search/metric` (routes/v1/search-metric.ts; `grammar/value-predicate` validates it). */
const VALUE_PREDICATE_BODY = documentedBody({
  type: 'object',
  maxProperties: 1,
  description:
    'One operator over the stored values: a comparison `{"<op>": <number>}` (`=`, `!=`, `<`, `<=`, `>`, `>=` and their word and symbol aliases), ' +
    'arithmetic applied first (`{"<": [{"+": 2}, 10]}`), or `{"and"|"or": [<predicates>]}`.',
  examples: [{ and: [{ '>=': 10 }, { '<': 20 }] }],
})

/** `POST /v1/search/metric`. */
export const SEARCH_METRIC_ROUTES = {
  search: {
    tags: ['search'],
    deprecated: true,
    summary: 'The points of metrics whose stored value matches a predicate',
    querystring: querystring({
      metric_id: queryParam('A metric id.', true),
      aggregation: queryParam('Aggregation method searched; default `mean`.'),
      granularity: queryParam('Only this granularity (seconds or a timespan).', true),
      start: queryParam('From this time (inclusive).'),
      stop: queryParam('Until this time (exclusive).'),
    }),
    body: VALUE_PREDICATE_BODY,
    response: {
      200: jsonResponse('Metric id → the matching rows.', { type: 'object', additionalProperties: MEASURE_ROWS_JSON }),
      ...gnocchiErrors(400, 401, 403),
    },
  },
} satisfies Record<string, FastifySchema>
