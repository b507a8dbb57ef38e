/**
 * Route schemas of the legacy NodeConductor routes (routes/legacy/index.ts; docs/legacy.md,
 * legacy-stats-api.md), tagged `legacy`. Their errors are DRF's bodies, not Gnocchi's.
 */
import type { FastifySchema } from 'fastify'
import { SEVERITIES } from '../../../legacy/alerts/severity.js'
import { documentedBody } from '../documented-body.js'
import type { JsonSchema } from '../json-schema.js'
import { pathParams, queryParam, querystring } from '../parameters.js'
import { emptyResponse, jsonResponse } from '../responses.js'

const tags = ['legacy']
const SEVERITY_NAMES = Object.keys(SEVERITIES)

/** DRF's error bodies: `{"detail": …}`, a field → messages map, or a list of messages. */
const DRF_ERROR: JsonSchema = {
  anyOf: [
    { type: 'object', required: ['detail'], properties: { detail: { type: 'string' } } },
    { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    { type: 'array', items: { type: 'string' } },
  ],
}

const DRF_MEANINGS = {
  400: 'Invalid parameters or body (DRF field errors).',
  401: 'No valid credentials (`Authorization: Token <JWT>` is accepted too).',
  403: 'Not allowed for this caller.',
  404: 'Not found.',
  405: 'Method not allowed on this path.',
} as const

/** DRF-shaped error responses. */
function drfErrors(...statuses: readonly (keyof typeof DRF_MEANINGS)[]): Record<string, JsonSchema> {
  return Object.fromEntries(statuses.map((s) => [String(s), { description: DRF_MEANINGS[s], ...DRF_ERROR }]))
}

const ALERT_JSON: JsonSchema = {
  type: 'object',
  properties: {
    url: { type: 'string' },
    uuid: { type: 'string', description: '32 hex digits.' },
    alert_type: { type: 'string' },
    message: { type: 'string' },
    severity: { enum: SEVERITY_NAMES },
    scope: { type: ['string', 'null'], description: 'URL of the scope resource (`…/v1/resource/<type>/<id>`), null once it is gone.' },
    created: { type: 'string' },
    closed: { type: ['string', 'null'] },
    context: { type: 'object', additionalProperties: { type: 'string' } },
    acknowledged: { type: 'boolean' },
  },
}

const ALERT_FILTERS = {
  severity: queryParam(`Only these severities (${SEVERITY_NAMES.join(', ')}).`, true),
  alert_type: queryParam('Only these alert types.', true),
  scope: queryParam('Only alerts of this scope (a `…/v1/resource/<type>/<id>` URL).'),
  scope_type: queryParam('Only alerts whose scope is of this resource type.'),
  content_type: queryParam('Only alerts whose scope is of this model (`<app>.<model>`).'),
  from: queryParam('Active at or after this time (epoch seconds).'),
  to: queryParam('Active before this time (epoch seconds).'),
  created_from: queryParam('Created at or after (epoch seconds).'),
  created_to: queryParam('Created before (epoch seconds).'),
  closed_from: queryParam('Closed at or after (epoch seconds).'),
  closed_to: queryParam('Closed before (epoch seconds).'),
  opened: queryParam('Present: only open alerts.'),
  closed: queryParam('Present: only closed alerts.'),
  acknowledged: queryParam('`true` / `false`.'),
  message: queryParam('Only alerts whose message contains this text (case-insensitive).'),
  aggregate: queryParam('With `uuid`: only alerts of the estate of this `customer`, `project` or `project_group`.'),
  uuid: queryParam('The id for `aggregate`.'),
}

const alertParams = pathParams({ uuid: 'The alert id (32 hex digits).' })

/** The routes' own schemas, by path and method. */
export const LEGACY_ROUTES = {
  usage: {
    tags,
    summary: 'Usage of instances over time, per customer, project or project group',
    querystring: querystring({
      item: queryParam({ description: 'What to measure.', examples: ['cpu', 'memory', 'storage'] }),
      aggregate: queryParam('`customer` (default), `project` or `project_group`.'),
      uuid: queryParam('Only these groups.', true),
      from: queryParam('Start, epoch seconds; default an hour ago.'),
      to: queryParam('End, epoch seconds; default now.'),
      datapoints: queryParam('Number of intervals, 1–10000; default 6.'),
    }),
    response: { 200: jsonResponse('One entry per group, with its datapoints.', { type: 'array' }), ...drfErrors(400, 401) },
  },
  customer: {
    tags,
    summary: 'Counts of projects, project groups and instances per visible customer',
    response: { 200: jsonResponse('One entry per customer.', { type: 'array' }), ...drfErrors(401) },
  },
  resource: {
    tags,
    summary: 'Hypervisor figures and tenant quotas of a cloud',
    description: 'Admin only.',
    querystring: querystring({ auth_url: queryParam('The cloud, by its `auth_url`.') }),
    response: { 200: jsonResponse('The figures.', { type: 'object' }), ...drfErrors(400, 401, 403, 404) },
  },
  alertStats: {
    tags,
    summary: 'Number of alerts per severity',
    querystring: querystring(ALERT_FILTERS),
    response: {
      200: jsonResponse('Severity name → count.', { type: 'object', properties: Object.fromEntries(SEVERITY_NAMES.map((n) => [n, { type: 'integer' }])) }),
      ...drfErrors(400, 401),
    },
  },
  alerts: {
    tags,
    summary: 'List alerts',
    querystring: querystring({
      ...ALERT_FILTERS,
      o: queryParam('Order: `severity`, `-severity`, `created` or `-created`.'),
      page: queryParam('Page number, from 1.'),
      page_size: queryParam('Page size, at most 300.'),
    }),
    response: {
      200: {
        ...jsonResponse('The alerts of the page.', { type: 'array', items: ALERT_JSON }),
        headers: { 'X-Result-Count': { type: 'string' }, Link: { type: 'string', description: 'first, prev, next and last pages.' } },
      },
      ...drfErrors(400, 401),
    },
  },
  raiseAlert: {
    tags,
    summary: 'Raise an alert (or update the open one of the same scope and type)',
    description: 'Staff only; the body is validated first.',
    body: documentedBody({
      type: 'object',
      required: ['alert_type', 'message', 'severity', 'scope'],
      properties: {
        alert_type: { type: 'string' },
        message: { type: 'string' },
        severity: { enum: SEVERITY_NAMES },
        scope: { type: 'string', description: 'URL of the scope resource (`…/v1/resource/<type>/<id>`).' },
      },
    }),
    response: { 201: jsonResponse('The alert.', ALERT_JSON), ...drfErrors(400, 401, 403) },
  },
  alert: {
    tags,
    summary: 'Show an alert',
    params: alertParams,
    response: { 200: jsonResponse('The alert.', ALERT_JSON), ...drfErrors(401, 404) },
  },
  close: {
    tags,
    summary: 'Close an alert',
    description: 'Staff only.',
    params: alertParams,
    response: { 204: emptyResponse('Closed.'), ...drfErrors(401, 403, 404) },
  },
  acknowledge: {
    tags,
    summary: 'Acknowledge an alert',
    params: alertParams,
    response: { 200: emptyResponse('Acknowledged.'), ...drfErrors(401, 403, 404) },
  },
  cancelAcknowledgment: {
    tags,
    summary: 'Cancel the acknowledgment of an alert',
    params: alertParams,
    response: { 200: emptyResponse('No longer acknowledged.'), ...drfErrors(401, 403, 404) },
  },
} satisfies Record<string, FastifySchema>

/** The path parameters of a legacy path (`/alerts/:uuid/` → `uuid`), for its generated routes. */
function paramsOf(path: string): FastifySchema['params'] | undefined {
  const names = path.split('/').filter((s) => s.startsWith(':')).map((s) => s.slice(1))
  return names.length === 0 ? undefined : pathParams(Object.fromEntries(names.map((n) => [n, 'As in the other methods of this path.'])))
}

/** The schema of the 405 route a legacy path gets for the methods it does not serve. */
export function legacyNotAllowedSchema(path: string): FastifySchema {
  const params = paramsOf(path)
  return {
    tags,
    summary: 'Not allowed on this path',
    description: 'DRF answers `{"detail": "Method \\"X\\" not allowed."}`.',
    ...(params !== undefined ? { params } : {}),
    response: drfErrors(405),
  }
}

/** The schema of the redirect a legacy path gets without its trailing slash (Django's APPEND_SLASH). */
export function legacyRedirectSchema(path: string): FastifySchema {
  const params = paramsOf(path)
  return {
    tags,
    summary: 'Redirect to the path with its trailing slash',
    ...(params !== undefined ? { params } : {}),
    response: { 301: { ...emptyResponse('Moved permanently to the slashed path (query kept).'), headers: { Location: { type: 'string' } } } },
  }
}
