/**
 * Route schemas of `POST /v1/aggregates` and the deprecated `/v1/aggregation/*` routes
 * (routes/v1/aggregates.ts, aggregation.ts; gnocchi-aggregates.md §1–§2, §9).
 */
import type { FastifySchema } from 'fastify'
import { documentedBody } from '../../documented-body.js'
import { pathParams, queryParam, querystring } from '../../parameters.js'
import { gnocchiErrors, jsonResponse } from '../../responses.js'
import { MEASURE_ROWS_JSON } from '../representations.js'
import { FILTER_QUERY_DESCRIPTION, SEARCH_FILTER_JSON } from '../search-filter.js'

const TIME_PARAMS = {
  start: queryParam({ description: 'From this time (inclusive): ISO 8601, epoch seconds or relative.', examples: ['-1 day'] }),
  stop: queryParam('Until this time (exclusive).'),
  granularity: queryParam({ description: 'Only this granularity (seconds or a timespan).', examples: ['300'] }),
  needed_overlap: queryParam('Percentage of timestamps the series must share (a float).'),
  fill: queryParam("Value for missing points: a float, `null` or `dropna`. Default `dropna` when neither this nor `needed_overlap` is given."),
}

/** The body the aggregates route's own parser validates (`parseBody` and the operations grammar). */
const AGGREGATES_BODY = documentedBody({
  type: 'object',
  required: ['operations'],
  properties: {
    operations: {
      description:
        'The expression, as text (`(aggregate mean (metric (<id> mean) (<id> mean)))`) or as nested JSON lists. ' +
        'References are `(metric <id> <aggregation>)` in id mode, `(metric <name pattern> <aggregation>)` in resource mode.',
      anyOf: [{ type: 'string' }, { type: 'array' }],
      examples: ['(aggregate mean (metric cpu.util mean))'],
    },
    resource_type: { type: 'string', description: 'Resource mode: the type whose resources `search` selects.' },
    search: {
      description: 'Resource mode (required with `resource_type`): a filter, as JSON or text.',
      anyOf: [SEARCH_FILTER_JSON, { type: 'string' }],
    },
  },
  additionalProperties: false,
})

const MEASURES_OUTPUT = {
  type: 'object',
  description:
    '`{"measures": {"aggregated": rows}}` for an aggregated expression, else the rows nested by metric id (id mode) or resource id and metric name (resource mode), then aggregation; `references` with `details`.',
  properties: { measures: { type: 'object' }, references: { type: 'array' } },
}

const legacyQuery = (extra: Record<string, ReturnType<typeof queryParam>>) =>
  querystring({
    aggregation: queryParam({ description: 'Aggregation method read from each metric; default `mean`.', examples: ['mean'] }),
    reaggregation: queryParam('How the metrics are combined; default the `aggregation`.'),
    resample: queryParam('Resample to this granularity or calendar unit (needs `granularity`).'),
    ...TIME_PARAMS,
    ...extra,
  })

/** `POST /v1/aggregates`. */
export const AGGREGATES_ROUTES = {
  aggregates: {
    tags: ['aggregates'],
    summary: 'Aggregate across metrics with operations',
    description: 'Query parameters are validated first, then the body (an absent body is a 400).',
    querystring: querystring({
      details: queryParam('Add the `references` (metrics or resources) to the result: `true`/`false`.'),
      groupby: queryParam('Resource mode: group the resources by this attribute.', true),
      ...TIME_PARAMS,
    }),
    body: AGGREGATES_BODY,
    response: {
      200: jsonResponse('The result; with `groupby`, a list of `{group, measures}`.', { anyOf: [MEASURES_OUTPUT, { type: 'array' }] }),
      ...gnocchiErrors(400, 401, 403, 404),
    },
  },
} satisfies Record<string, FastifySchema>

const tags = ['aggregation']
const aggregated = { 200: jsonResponse('The aggregated measures.', MEASURE_ROWS_JSON), ...gnocchiErrors(400, 401, 403, 404) }

/** The deprecated `/v1/aggregation/*` routes. */
export const AGGREGATION_ROUTES = {
  metricGet: {
    tags,
    deprecated: true,
    summary: 'Aggregate metrics given by id',
    querystring: legacyQuery({ metric: queryParam('A metric id.', true) }),
    response: aggregated,
  },
  metricPost: {
    tags,
    deprecated: true,
    summary: 'Aggregate metrics given by id in the body',
    querystring: legacyQuery({}),
    body: documentedBody({ type: 'array', items: { type: 'string', format: 'uuid' }, description: 'Metric ids.' }, { optional: true }),
    response: aggregated,
  },
  resource: {
    tags,
    deprecated: true,
    summary: 'Aggregate a named metric of the resources a filter matches',
    params: pathParams({ type: 'The resource type name.', name: 'The metric name.' }),
    querystring: legacyQuery({
      groupby: queryParam('Group the resources by this attribute.', true),
      filter: queryParam(FILTER_QUERY_DESCRIPTION),
    }),
    body: documentedBody({ ...SEARCH_FILTER_JSON }, { optional: true }),
    response: {
      200: jsonResponse('The aggregated measures; with `groupby`, a list of `{group, measures}`.', { type: 'array' }),
      ...gnocchiErrors(400, 401, 403, 404),
    },
  },
  resourceWithoutName: {
    tags,
    deprecated: true,
    summary: 'Not allowed: a metric name is needed',
    params: pathParams({ type: 'The resource type name.' }),
    response: gnocchiErrors(405),
  },
} satisfies Record<string, FastifySchema>
