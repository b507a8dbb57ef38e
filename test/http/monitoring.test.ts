import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { openServices } from '../../src/bootstrap.js'
import { loadConfig } from '../../src/config.js'
import { buildApp } from '../../src/http/app.js'
import { ADMIN, USER, buildV1TestApp, type V1TestApp } from '../helpers/v1-app.js'

/** One sample line of the exposition. */
interface Sample {
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly value: number
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*'
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\["\\\\n])*"'
// prom-client prints NaN as `Nan`; Prometheus reads values with Go's strconv.ParseFloat, which
// takes NaN and Inf in any case, so that spelling is accepted (and only those two words).
const VALUE = '(?:[Nn][Aa][Nn]|[+-][Ii]nf|[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)'
/** A sample line of the Prometheus text format 0.0.4: name, optional labels, value, optional timestamp. */
const SAMPLE_LINE = new RegExp(`^(${NAME})(?:\\{(${LABEL}(?:,${LABEL})*)?,?\\})? (${VALUE})(?: -?\\d+)?$`)
const HELP_LINE = new RegExp(`^# HELP (${NAME}) .*$`)
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`)

/**
 * Parses an exposition, failing on any line that is not a HELP, TYPE or sample line of the
 * text format, on a sample outside its TYPE family, and on a family declared twice.
 */
function parseExposition(text: string): Sample[] {
  expect(text.endsWith('\n')).toBe(true)
  const samples: Sample[] = []
  const families = new Map<string, string>()
  let family: { name: string; type: string } | null = null
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '' || HELP_LINE.test(line)) continue
    const type = TYPE_LINE.exec(line)
    if (type !== null) {
      expect(families.has(type[1]!), `family ${type[1]} declared twice`).toBe(false)
      families.set(type[1]!, type[2]!)
      family = { name: type[1]!, type: type[2]! }
      continue
    }
    const m = SAMPLE_LINE.exec(line)
    expect(m, `not a sample line: ${JSON.stringify(line)}`).not.toBeNull()
    const name = m![1]!
    const suffixes = family?.type === 'histogram' ? ['_bucket', '_sum', '_count'] : family?.type === 'summary' ? ['', '_sum', '_count'] : ['']
    expect(
      family !== null && suffixes.some((s) => name === family!.name + s),
      `sample ${name} outside its family ${family?.name ?? '(none)'}`,
    ).toBe(true)
    const labels: Record<string, string> = {}
    for (const l of (m![2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!
    samples.push({ name, labels, value: Number(m![3]) })
  }
  return samples
}

/** The value of the one sample with this name and (at least) these labels; undefined when absent. */
function valueOf(samples: readonly Sample[], name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
  expect(found.length, `${name}${JSON.stringify(labels)} matches several samples`).toBeLessThanOrEqual(1)
  return found[0]?.value
}

async function scrape(app: FastifyInstance, url = '/metrics', headers: Record<string, string> = {}): Promise<Sample[]> {
  const res = await app.inject({ url, headers })
  expect(res.statusCode).toBe(200)
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
  return parseExposition(res.body)
}

const json = { ...ADMIN, 'content-type': 'application/json' }

/** Creates the archive policy `p1` and a metric on it; returns the metric id. */
async function createMetric(app: FastifyInstance): Promise<string> {
  const policy = await app.inject({
    method: 'POST',
    url: '/v1/archive_policy',
    headers: json,
    payload: { name: 'p1', definition: [{ granularity: '1 second', points: 100 }] },
  })
  expect(policy.statusCode).toBe(201)
  const metric = await app.inject({ method: 'POST', url: '/v1/metric', headers: json, payload: { archive_policy_name: 'p1' } })
  expect(metric.statusCode).toBe(201)
  return (metric.json() as { id: string }).id
}

const MEASURES = [
  { timestamp: '2013-01-01T12:00:01', value: 1 },
  { timestamp: '2013-01-01T12:00:02', value: 2 },
  { timestamp: '2013-01-01T12:00:03', value: 3 },
]

let t: V1TestApp | null = null
afterEach(async () => {
  await t?.close()
  t = null
})

describe('GET /metrics: exposition', () => {
  it('is the Prometheus text format, with process and service metrics, whatever the Accept header', async () => {
    t = await buildV1TestApp()
    const samples = await scrape(t.app, '/metrics', { accept: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5' })
    const names = new Set(samples.map((s) => s.name))
    for (const name of [
      'polenta_process_cpu_user_seconds_total',
      'polenta_nodejs_heap_size_used_bytes',
      'polenta_nodejs_eventloop_lag_seconds',
      'polenta_measures_ingested_total',
      'polenta_measures_processed_total',
      'polenta_processing_failures_total',
      'polenta_backlog_measures',
      'polenta_backlog_metrics',
      'polenta_index_resources',
      'polenta_index_metrics',
      'polenta_index_archive_policies',
    ]) {
      expect(names, name).toContain(name)
    }
  })

  it('is served under the base path, with route labels that leave it out', async () => {
    t = await buildV1TestApp({ basePath: '/gnocchi' })
    expect((await t.app.inject({ url: '/gnocchi/v1/archive_policy', headers: ADMIN })).statusCode).toBe(200)
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(404)
    const samples = await scrape(t.app, '/gnocchi/metrics')
    expect(valueOf(samples, 'polenta_http_requests_total', { method: 'GET', route: '/v1/archive_policy', status: '200' })).toBe(1)
  })

  it('answers 405 to another method', async () => {
    t = await buildV1TestApp()
    const res = await t.app.inject({ method: 'POST', url: '/metrics', headers: ADMIN })
    expect(res.statusCode).toBe(405)
    expect(res.headers.allow).toBe('GET')
  })
})

describe('request metrics', () => {
  it('count requests per method, route pattern and status; unmatched requests share one route', async () => {
    t = await buildV1TestApp()
    for (let i = 0; i < 3; i++) expect((await t.app.inject({ url: '/v1/archive_policy', headers: ADMIN })).statusCode).toBe(200)
    expect((await t.app.inject({ url: '/v1/archive_policy/nope', headers: ADMIN })).statusCode).toBe(404)
    expect((await t.app.inject({ url: '/v1/archive_policy/other', headers: ADMIN })).statusCode).toBe(404)
    expect((await t.app.inject({ url: '/v1/archive_policy', headers: USER, method: 'POST', payload: {} })).statusCode).toBe(403)
    expect((await t.app.inject({ url: '/no/such/path/1', headers: ADMIN })).statusCode).toBe(404)
    expect((await t.app.inject({ url: '/no/such/path/2', headers: ADMIN })).statusCode).toBe(404)

    const samples = await scrape(t.app)
    const requests = (labels: Record<string, string>): number | undefined => valueOf(samples, 'polenta_http_requests_total', labels)
    expect(requests({ method: 'GET', route: '/v1/archive_policy', status: '200' })).toBe(3)
    expect(requests({ method: 'GET', route: '/v1/archive_policy/:name', status: '404' })).toBe(2)
    expect(requests({ method: 'POST', route: '/v1/archive_policy', status: '403' })).toBe(1)
    expect(requests({ method: 'GET', route: 'unmatched', status: '404' })).toBe(2)
    // No concrete path ever becomes a label.
    expect(samples.some((s) => s.labels.route?.includes('nope') === true || s.labels.route?.startsWith('/no/') === true)).toBe(false)

    const count = valueOf(samples, 'polenta_http_request_duration_seconds_count', { method: 'GET', route: '/v1/archive_policy', status: '200' })
    expect(count).toBe(3)
    const inf = valueOf(samples, 'polenta_http_request_duration_seconds_bucket', { method: 'GET', route: '/v1/archive_policy', status: '200', le: '+Inf' })
    expect(inf).toBe(3)
    expect(valueOf(samples, 'polenta_http_request_duration_seconds_sum', { method: 'GET', route: '/v1/archive_policy', status: '200' })).toBeGreaterThan(0)
  })

  it('count the scrapes themselves from the second one on', async () => {
    t = await buildV1TestApp()
    await scrape(t.app)
    const samples = await scrape(t.app)
    expect(valueOf(samples, 'polenta_http_requests_total', { method: 'GET', route: '/metrics', status: '200' })).toBe(1)
  })
})

describe('ingest and processing metrics', () => {
  it('count the measures of a write, then their processing and its lag', async () => {
    t = await buildV1TestApp()
    const id = await createMetric(t.app)
    const post = await t.app.inject({ method: 'POST', url: `/v1/metric/${id}/measures`, headers: json, payload: MEASURES })
    expect(post.statusCode).toBe(202)
    let samples = await scrape(t.app)
    expect(valueOf(samples, 'polenta_measures_ingested_total')).toBe(3)

    const batch = await t.app.inject({
      method: 'POST',
      url: '/v1/batch/metrics/measures',
      headers: json,
      payload: { [id]: [{ timestamp: '2013-01-01T12:00:04', value: 4 }, { timestamp: '2013-01-01T12:00:05', value: 5 }] },
    })
    expect(batch.statusCode).toBe(202)
    await t.services.measures.idle()
    samples = await scrape(t.app)
    expect(valueOf(samples, 'polenta_measures_ingested_total')).toBe(5)
    expect(valueOf(samples, 'polenta_measures_processed_total')).toBe(5)
    expect(valueOf(samples, 'polenta_processing_failures_total')).toBe(0)
    const runs = valueOf(samples, 'polenta_processing_lag_seconds_count')!
    expect(runs).toBeGreaterThanOrEqual(1)
    expect(runs).toBeLessThanOrEqual(2)
    expect(valueOf(samples, 'polenta_processing_lag_seconds_sum')).toBeGreaterThan(0)
  })

  it('count a failed processing run', async () => {
    t = await buildV1TestApp()
    const id = await createMetric(t.app)
    const series = t.services.driver.series
    const original = series.commitProcessing.bind(series)
    series.commitProcessing = async () => {
      throw new Error('disk full')
    }
    try {
      expect((await t.app.inject({ method: 'POST', url: `/v1/metric/${id}/measures`, headers: json, payload: MEASURES })).statusCode).toBe(202)
      await t.services.measures.idle()
      const samples = await scrape(t.app)
      expect(valueOf(samples, 'polenta_processing_failures_total')).toBe(1)
      expect(valueOf(samples, 'polenta_measures_processed_total')).toBe(0)
      expect(valueOf(samples, 'polenta_backlog_measures')).toBe(3)
    } finally {
      series.commitProcessing = original
    }
  })

  it('stop counting once the app is closed (the services may outlive it)', async () => {
    t = await buildV1TestApp()
    const id = await createMetric(t.app)
    const other = await buildApp({ basePath: '', trustProxy: false, bodyLimitBytes: 1 << 20, logLevel: 'silent', services: t.services })
    await other.close()
    expect((await t.app.inject({ method: 'POST', url: `/v1/metric/${id}/measures`, headers: json, payload: MEASURES })).statusCode).toBe(202)
    expect(valueOf(await scrape(t.app), 'polenta_measures_ingested_total')).toBe(3)
  })
})

describe('state gauges', () => {
  it('report the backlog GET /v1/status reports', async () => {
    t = await buildV1TestApp()
    const id = await createMetric(t.app)
    // Appended behind the service's back, so nothing processes them.
    const batch = { timesUs: new Float64Array([1, 2, 3, 4]), values: new Float64Array([1, 2, 3, 4]) }
    await t.services.driver.series.appendIncoming([
      { metricId: id, batch },
      { metricId: 'other-metric', batch },
    ])
    const status = await t.app.inject({ url: '/v1/status?details=false', headers: ADMIN })
    const summary = (status.json() as { storage: { summary: { metrics: number; measures: number } } }).storage.summary
    expect(summary).toEqual({ metrics: 2, measures: 8 })
    const samples = await scrape(t.app)
    expect(valueOf(samples, 'polenta_backlog_measures')).toBe(summary.measures)
    expect(valueOf(samples, 'polenta_backlog_metrics')).toBe(summary.metrics)
  })

  it('report the index size', async () => {
    t = await buildV1TestApp()
    await createMetric(t.app)
    const resource = await t.app.inject({
      method: 'POST',
      url: '/v1/resource/generic',
      headers: json,
      payload: { id: '75c44741-cc60-4033-804e-2d3098c7d2e9', metrics: { cpu: { archive_policy_name: 'p1' } } },
    })
    expect(resource.statusCode).toBe(201)
    let samples = await scrape(t.app)
    expect(valueOf(samples, 'polenta_index_resources')).toBe(1)
    expect(valueOf(samples, 'polenta_index_metrics')).toBe(2)
    expect(valueOf(samples, 'polenta_index_archive_policies')).toBe(1)

    const metricId = (resource.json() as { metrics: { cpu: string } }).metrics.cpu
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/metric/${metricId}`, headers: ADMIN })).statusCode).toBe(204)
    samples = await scrape(t.app)
    expect(valueOf(samples, 'polenta_index_metrics')).toBe(1)
  })

  it('are NaN while storage cannot be read, and the scrape still succeeds', async () => {
    t = await buildV1TestApp()
    const series = t.services.driver.series
    const original = series.incomingBacklog.bind(series)
    let reads = 0
    series.incomingBacklog = async () => {
      reads++
      throw new Error('backend down')
    }
    try {
      const samples = await scrape(t.app)
      expect(valueOf(samples, 'polenta_backlog_measures')).toBeNaN()
      expect(valueOf(samples, 'polenta_backlog_metrics')).toBeNaN()
      expect(valueOf(samples, 'polenta_index_archive_policies')).toBe(0)
      // Both backlog gauges share one read per scrape.
      expect(reads).toBe(1)
    } finally {
      series.incomingBacklog = original
    }
  })
})

describe('storage metrics', () => {
  it('time the calls of a wrapped driver, by driver and operation', async () => {
    t = await buildV1TestApp({}, { timed: true })
    const id = await createMetric(t.app)
    expect((await t.app.inject({ method: 'POST', url: `/v1/metric/${id}/measures`, headers: json, payload: MEASURES })).statusCode).toBe(202)
    await t.services.measures.idle()
    const samples = await scrape(t.app)
    const count = (operation: string): number | undefined =>
      valueOf(samples, 'polenta_storage_operation_duration_seconds_count', { driver: 'memory', operation })
    expect(count('appendIncoming')).toBe(1)
    expect(count('commitProcessing')).toBe(1)
    expect(count('acquireMetricLock')).toBeGreaterThanOrEqual(1)
    expect(count('commit')).toBeGreaterThanOrEqual(2)
    // The scrape's own backlog read is recorded after the histogram was collected, or not: it
    // is at most one.
    expect(count('incomingBacklog') ?? 0).toBeLessThanOrEqual(1)
    expect(valueOf(samples, 'polenta_storage_operation_duration_seconds_sum', { operation: 'appendIncoming' })).toBeGreaterThan(0)
  })

  it('are wired by openServices when /metrics is on, and the driver left raw when it is off', async () => {
    const on = await openServices(loadConfig({ POLENTA_STORAGE: 'memory', POLENTA_LOG_LEVEL: 'silent' }))
    try {
      const app = await buildApp({ basePath: '', trustProxy: false, bodyLimitBytes: 1 << 20, logLevel: 'silent', services: on.services })
      try {
        expect(on.services.storageTimings).toBeDefined()
        expect((await app.inject({ url: '/v1/archive_policy', headers: ADMIN })).statusCode).toBe(200)
        const samples = await scrape(app)
        expect(valueOf(samples, 'polenta_storage_operation_duration_seconds_count', { driver: 'memory', operation: 'pollChanges' })).toBeGreaterThanOrEqual(1)
      } finally {
        await app.close()
      }
    } finally {
      await on.close()
    }
    const off = await openServices(loadConfig({ POLENTA_STORAGE: 'memory', POLENTA_METRICS: 'false' }))
    try {
      expect(off.services.storageTimings).toBeUndefined()
    } finally {
      await off.close()
    }
  })

  it('are absent when the driver is not wrapped', async () => {
    t = await buildV1TestApp()
    const samples = await scrape(t.app)
    expect(samples.some((s) => s.name.startsWith('polenta_storage_operation_duration_seconds'))).toBe(false)
  })
})

describe('configuration', () => {
  it('disabled: /metrics is the routing 404', async () => {
    t = await buildV1TestApp({ metrics: { enabled: false, requireAdmin: false } })
    const res = await t.app.inject({ url: '/metrics', headers: ADMIN })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ code: 404, title: 'Not Found', description: null })
  })

  it('public by default: no credentials needed', async () => {
    t = await buildV1TestApp()
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(200)
  })

  it('with auth: 401 without credentials, 403 for a non-admin, 200 for an admin, in Gnocchi shape', async () => {
    t = await buildV1TestApp({ metrics: { enabled: true, requireAdmin: true } })
    const anonymous = await t.app.inject({ url: '/metrics', headers: { accept: 'application/json' } })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json()).toEqual({ code: 401, title: 'Unauthorized', description: '' })
    const user = await t.app.inject({ url: '/metrics', headers: USER })
    expect(user.statusCode).toBe(403)
    expect(user.json()).toEqual({ code: 403, title: 'Forbidden', description: '' })
    // A scraper asking for text gets Gnocchi's (webob's) HTML rendering of the same error.
    const scraper = await t.app.inject({ url: '/metrics', headers: { accept: 'text/plain' } })
    expect(scraper.statusCode).toBe(401)
    expect(scraper.body).toContain('<h1>401 Unauthorized</h1>')
    await scrape(t.app, '/metrics', { authorization: ADMIN.authorization, accept: 'text/plain' })
  })

  it('with auth follows the configured mode (keystone headers: the admin role)', async () => {
    t = await buildV1TestApp({
      auth: { mode: 'keystone-headers', jwtSecret: null, jwtPublicKey: null },
      metrics: { enabled: true, requireAdmin: true },
    })
    expect((await t.app.inject({ url: '/metrics', headers: { authorization: ADMIN.authorization } })).statusCode).toBe(401)
    expect((await t.app.inject({ url: '/metrics', headers: { 'x-user-id': 'u', 'x-roles': 'member' } })).statusCode).toBe(403)
    await scrape(t.app, '/metrics', { 'x-user-id': 'u', 'x-project-id': 'p', 'x-roles': 'member,admin' })
  })
})
