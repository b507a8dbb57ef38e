import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, buildV1TestApp, type V1TestApp } from '../../helpers/v1-app.js'
import { A, B, MIN, R2, T0, seedTwoCpuMetrics } from '../../helpers/two-cpu-metrics.js'


let t: V1TestApp
beforeAll(async () => {
  t = await buildV1TestApp({ maxQueryPoints: 1000 })
  await seedTwoCpuMetrics(t.services, {
    policyName: 'agg-ex',
    methods: ['mean', 'max', 'min', 'sum', 'count'],
    points: 1440,
    owners: [{ user: 'u1', project: 'p1' }, { user: 'u2', project: 'p1' }],
    values: [[1, 2, 3], [10, 20]],
  })
})
afterAll(async () => {
  await t.close()
})

const post = (url: string, body: unknown) =>
  t.app.inject({ method: 'POST', url, headers: { ...ADMIN, 'content-type': 'application/json' }, payload: JSON.stringify(body) })

describe('POST /v1/aggregates, id mode', () => {
  it('aggregates two metrics (default fill dropna keeps the union)', async () => {
    const res = await post('/v1/aggregates', { operations: `(aggregate mean (metric (${A} mean) (${B} mean)))` })
    expect(res.statusCode).toBe(200)
    expect(res.body).toBe(
      '{"measures": {"aggregated": [["2024-01-01T00:00:00+00:00", 60.0, 5.5], ["2024-01-01T00:01:00+00:00", 60.0, 11.0], ["2024-01-01T00:02:00+00:00", 60.0, 3.0]]}}',
    )
  })

  it('returns one list per series, with references when details=true', async () => {
    const res = await post('/v1/aggregates?details=true&start=2024-01-01T00:01:00', { operations: ['metric', [A, 'max'], [B, 'mean']] })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.measures).toEqual({
      [A]: { max: [['2024-01-01T00:01:00+00:00', 60, 2], ['2024-01-01T00:02:00+00:00', 60, 3]] },
      [B]: { mean: [['2024-01-01T00:01:00+00:00', 60, 20]] },
    })
    expect(body.references.map((m: { id: string }) => m.id).sort()).toEqual([A, B])
    expect(body.references[0].archive_policy.name).toBe('agg-ex')
  })

  it('renders NaN tokens with fill=null', async () => {
    const res = await post('/v1/aggregates?fill=null&start=2025-01-01', { operations: `(metric ${B} mean)` })
    expect(res.body).toBe(`{"measures": {"${B}": {"mean": []}}}`)
    const res2 = await post('/v1/aggregates?fill=null', { operations: `(+ (metric ${A} mean) (metric ${B} mean))` })
    expect(res2.body).toContain('["2024-01-01T00:02:00+00:00", 60.0, NaN]')
  })

  it('refuses a query reading more points than maxQueryPoints', async () => {
    const small = await (await import('../../helpers/v1-app.js')).buildV1TestApp({ maxQueryPoints: 10 })
    try {
      await small.services.index.createArchivePolicy({
        name: 'p',
        backWindow: 0,
        aggregationMethods: ['mean'],
        definition: [{ granularityUs: MIN, points: 100, timespanUs: 100 * MIN }],
      })
      const policy = await small.services.index.getArchivePolicy('p')
      await small.services.index.createMetric({ id: A, archivePolicyName: 'p', creator: 'admin', name: null, unit: null, resourceId: null })
      const times = Array.from({ length: 20 }, (_, i) => T0 + i * MIN)
      await small.services.measures.ingest([
        { metricId: A, policy: policy ?? expect.unreachable(), batch: { timesUs: new Float64Array(times), values: new Float64Array(times.length).fill(1) } },
      ])
      const res = await small.app.inject({
        method: 'POST',
        url: '/v1/aggregates',
        headers: { ...ADMIN, 'content-type': 'application/json' },
        payload: JSON.stringify({ operations: `(metric ${A} mean)` }),
      })
      expect(res.statusCode).toBe(400)
      expect(res.json().description).toContain('20 points')
      const bounded = await small.app.inject({
        method: 'POST',
        url: '/v1/aggregates?start=2024-01-01T00:00:00&stop=2024-01-01T00:05:00',
        headers: { ...ADMIN, 'content-type': 'application/json' },
        payload: JSON.stringify({ operations: `(metric ${A} mean)` }),
      })
      expect(bounded.statusCode).toBe(200)
    } finally {
      await small.close()
    }
  })
})

describe('POST /v1/aggregates, resource mode', () => {
  it('groups by project and aggregates across resources', async () => {
    const res = await post('/v1/aggregates?groupby=project_id', {
      resource_type: 'generic',
      search: { '=': { project_id: 'p1' } },
      operations: '(aggregate max (metric cpu mean))',
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual([
      {
        group: { project_id: 'p1' },
        measures: {
          measures: {
            aggregated: [['2024-01-01T00:00:00+00:00', 60, 10], ['2024-01-01T00:01:00+00:00', 60, 20], ['2024-01-01T00:02:00+00:00', 60, 3]],
          },
        },
      },
    ])
  })

  it('keys series by resource id and metric name, search given as a string', async () => {
    const res = await post('/v1/aggregates?details=true', { resource_type: 'generic', search: 'user_id = "u2"', operations: '(metric cpu max)' })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.measures).toEqual({ [R2]: { cpu: { max: [['2024-01-01T00:00:00+00:00', 60, 10], ['2024-01-01T00:01:00+00:00', 60, 20]] } } })
    expect(body.references.map((r: { id: string }) => r.id)).toEqual([R2])
  })
})

describe('POST /v1/aggregates errors (gnocchi-aggregates.md §1, §6)', () => {
  it.each([
    ['?needed_overlap=x', { operations: `(metric ${A} mean)` }, 400, { cause: 'Argument value error', detail: 'needed_overlap', reason: 'Must be a number' }],
    ['?start=foo', { operations: `(metric ${A} mean)` }, 400, { cause: 'Argument value error', detail: 'start', reason: 'Must be a datetime or a timestamp' }],
    ['?fill=x', { operations: `(metric ${A} mean)` }, 400, { cause: 'Argument value error', detail: 'fill', reason: "Must be a float, 'dropna' or 'null'" }],
    ['', {}, 400, { cause: 'Invalid input', reason: "required key not provided @ data['operations']", detail: ['operations'] }],
    ['', { operations: `(metric ${A} mean)`, foo: 1 }, 400, { cause: 'Invalid input', reason: 'extra keys not allowed', detail: ['foo'] }],
    ['', { operations: '(metric foo mean)' }, 400, { cause: 'Invalid metric references', reason: 'badly formed hexadecimal UUID string', detail: [['foo', 'mean']] }],
    ['', { operations: '(metric 00000000-0000-4000-8000-00000000dead mean)' }, 404, { cause: 'Unknown metrics', reason: "Provided metrics don't exists", detail: ['00000000-0000-4000-8000-00000000dead'] }],
    ['', { operations: `(metric ${A} median)` }, 404, { cause: 'Metrics with unknown aggregation', detail: [[A, 'median']] }],
    ['', { operations: '(metric cpu mean)', resource_type: 'nope', search: {} }, 400, { cause: 'Resource type does not exist', detail: 'nope' }],
    ['', { operations: '(metric cpu mean)', resource_type: 'generic' }, 400, { cause: 'Invalid input', reason: "required key not provided @ data['search']", detail: ['search'] }],
    ['', { operations: '(metric nomatch mean)', resource_type: 'generic', search: {} }, 400, { cause: 'Metrics not found', detail: ['nomatch'] }],
  ])('%s %j → %i', async (query, body, status, description) => {
    const res = await post(`/v1/aggregates${query}`, body)
    expect(res.statusCode).toBe(status)
    expect(res.json().description).toEqual(description)
  })

  it('rejects an unknown groupby attribute', async () => {
    const res = await post('/v1/aggregates?groupby=nope', { resource_type: 'generic', search: {}, operations: '(metric cpu mean)' })
    expect(res.statusCode).toBe(400)
    expect(res.json().description).toBe("Invalid pagination: `Sort key supplied is invalid: nope'")
  })
})
