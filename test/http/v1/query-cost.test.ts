/**
 * The query cost guard (`POLENTA_MAX_QUERY_POINTS`, `maxQueryPoints`) on every route that reads
 * stored series: over the limit → 400 with the figures, within it → served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, buildV1TestApp, type V1TestApp } from '../../helpers/v1-app.js'
import { A, B, MIN, R1, T0, seedTwoCpuMetrics } from '../../helpers/two-cpu-metrics.js'

const LIMIT = 10
/** Stored points per metric (one per minute): a single metric alone is over the limit. */
const POINTS = 20
/** A range holding 5 points of each metric: within the limit even for both metrics. */
const BOUNDED = 'start=2024-01-01T00:00:00&stop=2024-01-01T00:05:00'

let t: V1TestApp
beforeAll(async () => {
  t = await buildV1TestApp({ maxQueryPoints: LIMIT })
  const ones = new Array<number>(POINTS).fill(1)
  await seedTwoCpuMetrics(t.services, {
    policyName: 'cost',
    methods: ['mean'],
    points: 100,
    owners: [{ user: null, project: null }, { user: null, project: null }],
    values: [ones, ones],
  })
})
afterAll(async () => {
  await t.close()
})

interface Route {
  readonly method: 'GET' | 'POST'
  /** Path and query without the range parameters. */
  readonly url: string
  readonly body?: unknown
  /** Stored points the unbounded request reads. */
  readonly points: number
}

const withRange = (url: string, range: string): string => (range === '' ? url : `${url}${url.includes('?') ? '&' : '?'}${range}`)

const call = (route: Route, range: string) =>
  t.app.inject({
    method: route.method,
    url: withRange(route.url, range),
    headers: route.body === undefined ? ADMIN : { ...ADMIN, 'content-type': 'application/json' },
    ...(route.body === undefined ? {} : { payload: JSON.stringify(route.body) }),
  })

const routes: readonly [string, Route][] = [
  ['POST /v1/aggregates', { method: 'POST', url: '/v1/aggregates', body: { operations: `(metric ${A} mean)` }, points: POINTS }],
  ['GET /v1/metric/{id}/measures', { method: 'GET', url: `/v1/metric/${A}/measures`, points: POINTS }],
  // The cost is the stored points read, not the (fewer) resampled points answered.
  ['GET /v1/metric/{id}/measures with resample', { method: 'GET', url: `/v1/metric/${A}/measures?granularity=60&resample=600`, points: POINTS }],
  ['GET /v1/resource/{type}/{id}/metric/{name}/measures', { method: 'GET', url: `/v1/resource/generic/${R1}/metric/cpu/measures`, points: POINTS }],
  ['GET /v1/aggregation/metric, one metric', { method: 'GET', url: `/v1/aggregation/metric?metric=${A}`, points: POINTS }],
  ['GET /v1/aggregation/metric, two metrics', { method: 'GET', url: `/v1/aggregation/metric?metric=${A}&metric=${B}`, points: 2 * POINTS }],
  ['POST /v1/aggregation/metric', { method: 'POST', url: '/v1/aggregation/metric', body: [A, B], points: 2 * POINTS }],
  ['POST /v1/aggregation/resource/{type}/metric/{name}', { method: 'POST', url: '/v1/aggregation/resource/generic/metric/cpu', body: {}, points: 2 * POINTS }],
  [
    'POST /v1/aggregation/resource/{type}/metric/{name}, one resource',
    { method: 'POST', url: '/v1/aggregation/resource/generic/metric/cpu', body: { '=': { id: R1 } }, points: POINTS },
  ],
  ['POST /v1/search/metric', { method: 'POST', url: `/v1/search/metric?metric_id=${A}&metric_id=${B}`, body: { '>': 0 }, points: 2 * POINTS }],
]

describe('query cost guard', () => {
  it.each(routes)('%s: refused over the limit, with the figures', async (_name, route) => {
    const res = await call(route, '')
    expect(res.statusCode).toBe(400)
    expect(res.json().description).toBe(`Query touches ${route.points} points, more than the limit of ${LIMIT} (POLENTA_MAX_QUERY_POINTS)`)
  })

  it.each(routes)('%s: served within the limit', async (_name, route) => {
    const res = await call(route, BOUNDED)
    expect(res.statusCode).toBe(200)
  })

  it('is off without a limit', async () => {
    const open = await buildV1TestApp()
    try {
      const { index, measures } = open.services
      const policy = await index.createArchivePolicy({ name: 'p', backWindow: 0, aggregationMethods: ['mean'], definition: [{ granularityUs: MIN, points: 100, timespanUs: 100 * MIN }] })
      await index.createMetric({ id: A, archivePolicyName: 'p', creator: 'admin', name: null, unit: null, resourceId: null })
      const times = Float64Array.from({ length: POINTS }, (_, i) => T0 + i * MIN)
      await measures.ingest([{ metricId: A, policy, batch: { timesUs: times, values: new Float64Array(POINTS).fill(1) } }])
      const res = await open.app.inject({ method: 'GET', url: `/v1/metric/${A}/measures`, headers: ADMIN })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toHaveLength(POINTS)
    } finally {
      await open.close()
    }
  })
})
