/**
 * Request counts and latencies per route pattern and status:
 * `polenta_http_requests_total{method,route,status}` and
 * `polenta_http_request_duration_seconds{method,route,status}`, recorded by an `onResponse` hook.
 *
 * `route` is the route pattern (`/v1/metric/:id`), never the concrete path, and requests no
 * route matched (404, 405, OPTIONS answered by the routing fallback) share `unmatched`, so the
 * number of series stays bounded whatever clients send.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { HistogramFamily, type HistogramSeries } from './histogram-family.js'
import { METRIC_PREFIX } from './process-metrics.js'

/** The `route` label of requests no route matched. */
export const UNMATCHED_ROUTE = 'unmatched'

/** Seconds; an API answering in milliseconds, with room for slow aggregates queries. */
export const REQUEST_DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

const REQUESTS_TOTAL = `${METRIC_PREFIX}http_requests_total`

/**
 * Adds the hook that records every response to `app` (the root instance, so every route and
 * the not-found handler report).
 * @param basePath stripped from route patterns so the labels do not depend on the deployment.
 * @returns the renderer of both families in the text format.
 */
export function recordRequestMetrics(app: FastifyInstance, basePath: string): () => string {
  const duration = new HistogramFamily(
    `${METRIC_PREFIX}http_request_duration_seconds`,
    'Time from receiving a request to having sent its response, by method, route pattern and status.',
    ['method', 'route', 'status'],
    REQUEST_DURATION_BUCKETS,
  )
  // route label → method → status → series: the hook allocates nothing once a combination is known.
  const byRoute = new Map<string, Map<string, Map<number, HistogramSeries>>>()
  const seriesOf = (route: string, method: string, status: number): HistogramSeries => {
    let byMethod = byRoute.get(route)
    if (byMethod === undefined) byRoute.set(route, (byMethod = new Map()))
    let byStatus = byMethod.get(method)
    if (byStatus === undefined) byMethod.set(method, (byStatus = new Map()))
    let series = byStatus.get(status)
    if (series === undefined) byStatus.set(status, (series = duration.series({ method, route, status })))
    return series
  }
  // Route pattern → label, so the base path is stripped once per pattern, not once per request.
  const routeLabels = new Map<string, string>()
  const routeLabel = (pattern: string): string => {
    let label = routeLabels.get(pattern)
    if (label === undefined) {
      label = basePath !== '' && pattern.startsWith(basePath) ? pattern.slice(basePath.length) || '/' : pattern
      routeLabels.set(pattern, label)
    }
    return label
  }

  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const pattern = request.is404 ? undefined : request.routeOptions.url
    const route = pattern === undefined ? UNMATCHED_ROUTE : routeLabel(pattern)
    seriesOf(route, request.method, reply.statusCode).observe(reply.elapsedTime / 1000)
    done()
  })

  return () =>
    duration.renderCounts(REQUESTS_TOTAL, 'HTTP requests answered, by method, route pattern and status.') + '\n' + duration.render()
}
