/**
 * Route schemas of `/v1/resource` and `/v1/search/resource` (routes/v1/resources.ts,
 * routes/v1/search-resource.ts; gnocchi-rest.md §3.8–§3.9).
 */
import type { FastifySchema } from 'fastify'
import { documentedBody } from '../../documented-body.js'
import type { JsonSchema } from '../../json-schema.js'
import { pathParams, queryParam, querystring } from '../../parameters.js'
import { emptyResponse, gnocchiErrors, jsonResponse, withLocation, withNextLink } from '../../responses.js'
import { PAGINATION_PARAMS } from '../pagination.js'
import { METRIC_JSON, RESOURCE_JSON, listOf } from '../representations.js'
import { RESOURCE_CREATE_BODY, RESOURCE_METRICS_BODY, RESOURCE_PATCH_BODY } from '../resource.js'
import { FILTER_QUERY_DESCRIPTION, SEARCH_FILTER_JSON } from '../search-filter.js'

const tags = ['resource']
const BOOLEAN_WORDS = '`true`/`false` (also `yes`, `on`, `1`, …)'

const details = queryParam(`Render each resource with its own type's attributes: ${BOOLEAN_WORDS}.`)
const LISTING_QUERY = querystring({
  details,
  history: queryParam(`Every revision, not only the current one: ${BOOLEAN_WORDS}.`),
  attrs: queryParam('Only these keys of each resource.', true),
  ...PAGINATION_PARAMS,
})

const typeParams = pathParams({ type: 'The resource type name (`generic` for every type).' })
const resourceParams = pathParams({
  type: 'The resource type name.',
  id: 'The resource id: its UUID, or the original id it was created with.',
})
const metricParams = pathParams({
  type: 'The resource type name.',
  id: 'The resource id: its UUID, or the original id it was created with.',
  name: "The metric's name on the resource.",
})

const CONDITIONAL = 'Honours `If-Match`, `If-None-Match`, `If-Modified-Since` and `If-Unmodified-Since` (`ETag` / `Last-Modified` are sent).'

const resourceList = withNextLink(jsonResponse('The resources of the page.', listOf(RESOURCE_JSON)))

/** A filter body: optional, the `filter` query parameter is used without one. */
const FILTER_BODY = documentedBody({ ...SEARCH_FILTER_JSON }, { optional: true })
const BULK_DELETE_BODY = documentedBody({ ...SEARCH_FILTER_JSON }, { optional: true })

const withFilterQuery = (query: JsonSchema): JsonSchema => {
  const properties = query.properties as Record<string, JsonSchema>
  return querystring({ ...properties, filter: queryParam(FILTER_QUERY_DESCRIPTION) })
}

/** One schema per route. */
export const RESOURCE_ROUTES = {
  types: {
    tags,
    summary: 'Links to the resources of every type',
    description: 'Public.',
    response: { 200: jsonResponse('Resource type name → URL of its listing.', { type: 'object', additionalProperties: { type: 'string' } }) },
  },
  list: {
    tags,
    summary: 'List resources of a type',
    description: 'Filtered by the policy rules for the caller.',
    params: typeParams,
    querystring: LISTING_QUERY,
    response: { 200: resourceList, ...gnocchiErrors(400, 401, 403, 404) },
  },
  create: {
    tags,
    summary: 'Create a resource',
    description: 'Also creates or attaches the metrics named in `metrics`.',
    params: typeParams,
    body: RESOURCE_CREATE_BODY,
    response: { 201: withLocation(jsonResponse('The created resource.', RESOURCE_JSON)), ...gnocchiErrors(400, 401, 403, 404, 409) },
  },
  bulkDelete: {
    tags,
    summary: 'Delete every resource a filter matches',
    description: 'The filter is the JSON body, or the `filter` query parameter; an empty filter is refused.',
    params: typeParams,
    querystring: querystring({ filter: queryParam(FILTER_QUERY_DESCRIPTION) }),
    body: BULK_DELETE_BODY,
    response: {
      200: jsonResponse('How many resources were deleted.', { type: 'object', properties: { deleted: { type: 'integer' } } }),
      ...gnocchiErrors(400, 401, 403, 404, 415),
    },
  },
  get: {
    tags,
    summary: 'Show a resource',
    description: CONDITIONAL,
    params: resourceParams,
    response: {
      200: jsonResponse('The resource.', RESOURCE_JSON),
      304: emptyResponse('Not modified (`If-None-Match` / `If-Modified-Since`).'),
      ...gnocchiErrors(401, 403, 404, 412),
    },
  },
  patch: {
    tags,
    summary: 'Update a resource',
    description: `A new revision is recorded when a field changes. ${CONDITIONAL}`,
    params: resourceParams,
    body: RESOURCE_PATCH_BODY,
    response: { 200: jsonResponse('The updated resource.', RESOURCE_JSON), ...gnocchiErrors(400, 401, 403, 404, 412, 415) },
  },
  delete: {
    tags,
    summary: 'Delete a resource and its metrics',
    description: CONDITIONAL,
    params: resourceParams,
    response: { 204: emptyResponse('Deleted.'), ...gnocchiErrors(401, 403, 404, 412) },
  },
  history: {
    tags,
    summary: 'Every revision of a resource',
    params: resourceParams,
    querystring: querystring({ details, ...PAGINATION_PARAMS }),
    response: { 200: withNextLink(jsonResponse('The revisions of the page.', listOf(RESOURCE_JSON))), ...gnocchiErrors(400, 401, 403, 404) },
  },
  metrics: {
    tags,
    summary: "List a resource's metrics",
    params: resourceParams,
    response: { 200: jsonResponse('The metrics.', listOf(METRIC_JSON)), ...gnocchiErrors(401, 403, 404) },
  },
  addMetrics: {
    tags,
    summary: 'Create or attach metrics on a resource',
    params: resourceParams,
    body: RESOURCE_METRICS_BODY,
    response: { 200: jsonResponse("Every metric of the resource.", listOf(METRIC_JSON)), ...gnocchiErrors(400, 401, 403, 404, 409) },
  },
  metric: {
    tags,
    summary: 'Show a named metric of a resource',
    params: metricParams,
    response: { 200: jsonResponse('The metric, with its archive policy and resource.', METRIC_JSON), ...gnocchiErrors(401, 403, 404) },
  },
  deleteMetric: {
    tags,
    summary: 'Delete a named metric of a resource',
    params: metricParams,
    response: { 204: emptyResponse('Deleted.'), ...gnocchiErrors(401, 403, 404) },
  },
} satisfies Record<string, FastifySchema>

/** The search routes. */
export const SEARCH_RESOURCE_ROUTES = {
  search: {
    tags: ['search'],
    summary: 'Search resources of a type',
    description: 'The filter is the JSON body, else the `filter` query parameter, else none; AND-ed with the policy rules for the caller.',
    params: typeParams,
    querystring: withFilterQuery(LISTING_QUERY),
    body: FILTER_BODY,
    response: { 200: resourceList, ...gnocchiErrors(400, 401, 403, 404) },
  },
  searchGet: {
    tags: ['search'],
    summary: 'Not allowed: search with POST',
    description: 'A GET on a known type answers 405 (`Allow: POST`); on an unknown type 404, as Gnocchi looks the type up first.',
    params: typeParams,
    response: gnocchiErrors(404, 405),
  },
} satisfies Record<string, FastifySchema>
