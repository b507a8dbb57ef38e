/**
 * Route schemas of the service routes: `/v1/status`, `/v1/capabilities`, and the push
 * protocols `/v1/influxdb/*` and `/v1/prometheus/write` (gnocchi-rest.md §3.11–§3.13).
 */
import type { FastifySchema } from 'fastify'
import { documentedBody } from '../../documented-body.js'
import { queryParam, querystring } from '../../parameters.js'
import { emptyResponse, gnocchiErrors, jsonResponse } from '../../responses.js'

/** `GET /v1/status`, `GET /v1/capabilities`. */
export const SERVICE_ROUTES = {
  status: {
    tags: ['status'],
    summary: 'Backlog of unprocessed measures',
    description: 'Admin only. `metricd` lists this API process: Polenta processes measures in the API processes.',
    querystring: querystring({ details: queryParam('List the backlog per metric (default true): `true`/`false`.') }),
    response: {
      200: jsonResponse('The status.', {
        type: 'object',
        properties: {
          storage: {
            type: 'object',
            properties: {
              summary: { type: 'object', properties: { metrics: { type: 'integer' }, measures: { type: 'integer' } } },
              measures_to_process: { type: 'object', additionalProperties: { type: 'integer' } },
            },
          },
          metricd: { type: 'object', properties: { processors: { type: 'array', items: { type: 'string' } }, statistics: { type: 'object' } } },
        },
      }),
      ...gnocchiErrors(400, 401, 403, 503),
    },
  },
  capabilities: {
    tags: ['status'],
    summary: 'Aggregation methods archive policies may use',
    description: 'Public.',
    response: {
      200: jsonResponse('The capabilities.', { type: 'object', properties: { aggregation_methods: { type: 'array', items: { type: 'string' } } } }),
    },
  },
} satisfies Record<string, FastifySchema>

/** The InfluxDB and Prometheus push routes. */
export const PUSH_ROUTES = {
  influxPing: {
    tags: ['influxdb'],
    summary: 'InfluxDB ping',
    response: { 204: { ...emptyResponse('Alive.'), headers: { 'X-Influxdb-Version': { type: 'string' } } } },
  },
  influxQuery: {
    tags: ['influxdb'],
    summary: 'InfluxDB query: only `CREATE DATABASE <name>`, which creates a resource type',
    querystring: querystring({ q: queryParam({ description: 'The InfluxQL statement.', examples: ['CREATE DATABASE influxdb'] }) }),
    response: { 204: emptyResponse('Done.'), ...gnocchiErrors(400, 401, 403, 501) },
  },
  influxWrite: {
    tags: ['influxdb'],
    summary: 'InfluxDB write: line protocol',
    description:
      'Timestamps in nanoseconds. The resource id is the tag named by `X-Gnocchi-InfluxDB-Tag-Resource-ID` (default `host`), ' +
      'its type is `db`; each field is the metric `<measurement>.<field>[@<other tags>]`. Resources and metrics are created as needed.',
    querystring: querystring({ db: queryParam('The resource type (default `influxdb`).') }),
    body: documentedBody({ content: { 'text/plain': { schema: { type: 'string', examples: ['cpu,host=a usage=0.5 1704110400000000000'] } } } }, { optional: true }),
    response: { 204: emptyResponse('Written.'), ...gnocchiErrors(400, 401, 403, 404, 409) },
  },
  prometheusWrite: {
    tags: ['prometheus'],
    summary: 'Prometheus remote write',
    description: 'A snappy-compressed protobuf `WriteRequest`; one `prometheus` resource per (job, instance). Content type and encoding are not checked.',
    body: documentedBody({ content: { 'application/x-protobuf': { schema: { type: 'string', contentEncoding: 'binary' } } } }, { optional: true }),
    response: { 202: emptyResponse('Accepted.'), ...gnocchiErrors(400, 401, 403) },
  },
} satisfies Record<string, FastifySchema>
