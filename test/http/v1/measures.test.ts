import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ADMIN, buildV1TestApp, type V1TestApp } from '../../helpers/v1-app.js'

let t: V1TestApp
const json = { ...ADMIN, 'content-type': 'application/json' }

async function policy(): Promise<void> {
  const r = await t.app.inject({
    method: 'POST',
    url: '/v1/archive_policy',
    headers: json,
    payload: { name: 'p1', definition: [{ granularity: '1 second', points: 100 }, { granularity: '1 minute', points: 10 }] },
  })
  expect(r.statusCode).toBe(201)
}

async function metric(body: Record<string, unknown> = { archive_policy_name: 'p1' }): Promise<string> {
  const r = await t.app.inject({ method: 'POST', url: '/v1/metric', headers: json, payload: body })
  expect(r.statusCode).toBe(201)
  return (r.json() as { id: string }).id
}

beforeEach(async () => {
  t = await buildV1TestApp()
  await policy()
})
afterEach(async () => {
  await t.close()
})

describe('measures', () => {
  it('a read right after a write sees the measures', async () => {
    const id = await metric()
    const post = await t.app.inject({
      method: 'POST',
      url: `/v1/metric/${id}/measures`,
      headers: json,
      payload: [
        { timestamp: '2013-01-01T12:00:01', value: 1 },
        { timestamp: '2013-01-01T12:00:02', value: '3.5' },
      ],
    })
    expect(post.statusCode).toBe(202)
    const get = await t.app.inject({ method: 'GET', url: `/v1/metric/${id}/measures`, headers: ADMIN })
    expect(get.statusCode).toBe(200)
    expect(get.body).toBe(
      '[["2013-01-01T12:00:00+00:00", 60.0, 2.25], ["2013-01-01T12:00:01+00:00", 1.0, 1.0], ["2013-01-01T12:00:02+00:00", 1.0, 3.5]]',
    )
    const one = await t.app.inject({ method: 'GET', url: `/v1/metric/${id}/measures?granularity=1&aggregation=max&start=2013-01-01T12:00:02`, headers: ADMIN })
    expect(one.json()).toEqual([['2013-01-01T12:00:02+00:00', 1, 3.5]])
    expect(await t.services.driver.series.metricsWithIncoming()).toEqual([])
  })

  it.each([
    ['not a list', { a: 1 }, 'unexpected measures format'],
    ['item without timestamp', [{ value: 1 }], 'unexpected measures format'],
    ['bad timestamp', [{ timestamp: 'foo', value: 1 }], "unexpected timestamp 'Unable to convert timestamps'"],
    ['before epoch', [{ timestamp: '1915-01-01', value: 1 }], "unexpected timestamp 'Timestamp must be after Epoch'"],
    ['bad value', [{ timestamp: '2013-01-01', value: 'x' }], 'unexpected measures value'],
    ['null value', [{ timestamp: '2013-01-01', value: null }], 'unexpected measures value'],
  ])('POST rejects %s', async (_name, payload, reason) => {
    const id = await metric()
    const r = await t.app.inject({ method: 'POST', url: `/v1/metric/${id}/measures`, headers: json, payload })
    expect(r.statusCode).toBe(400)
    expect((r.json() as { description: unknown }).description).toEqual({ cause: 'Invalid input', reason, detail: [] })
  })

  it.each([
    ['aggregation=foo', 404],
    ['granularity=42', 404],
    ['granularity=foo', 400],
    ['resample=10', 400],
    ['granularity=1&resample=foo', 400],
    ['start=foo', 400],
  ])('GET ?%s answers %i', async (query, status) => {
    const id = await metric()
    const r = await t.app.inject({ method: 'GET', url: `/v1/metric/${id}/measures?${query}`, headers: ADMIN })
    expect(r.statusCode).toBe(status)
  })

  it('unknown metric is a 404', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/v1/metric/nope/measures', headers: ADMIN })
    expect(r.statusCode).toBe(404)
    expect((r.json() as { description: unknown }).description).toBe('Metric nope does not exist')
  })
})

describe('batch', () => {
  it('queues measures of many metrics and reads see them', async () => {
    const a = await metric()
    const b = await metric()
    const r = await t.app.inject({
      method: 'POST',
      url: '/v1/batch/metrics/measures',
      headers: json,
      payload: { [a]: [{ timestamp: '2013-01-01T12:00:01', value: 4 }], [b]: [{ timestamp: '2013-01-01T12:00:01', value: 5 }] },
    })
    expect(r.statusCode).toBe(202)
    const g = await t.app.inject({ method: 'GET', url: `/v1/metric/${b}/measures?granularity=1`, headers: ADMIN })
    expect(g.json()).toEqual([['2013-01-01T12:00:01+00:00', 1, 5]])
  })

  it('rejects unknown metrics without queueing anything', async () => {
    const a = await metric()
    const missing = '00000000-0000-0000-0000-000000000001'
    const r = await t.app.inject({
      method: 'POST',
      url: '/v1/batch/metrics/measures',
      headers: json,
      payload: { [a]: [{ timestamp: '2013-01-01T12:00:01', value: 4 }], [missing]: [] },
    })
    expect(r.statusCode).toBe(400)
    expect((r.json() as { description: unknown }).description).toBe(`Unknown metrics: ${missing}`)
    expect(await t.services.driver.series.metricsWithIncoming()).toEqual([])
  })

  it('creates missing metrics on resources with create_metrics', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/resource/generic', headers: json, payload: { id: 'host-1' } })
    expect(res.statusCode).toBe(201)
    const rid = (res.json() as { id: string }).id
    const payload = { 'host-1': { cpu: { archive_policy_name: 'p1', measures: [{ timestamp: '2013-01-01T12:00:01', value: 7 }] } } }
    const without = await t.app.inject({ method: 'POST', url: '/v1/batch/resources/metrics/measures', headers: json, payload })
    expect(without.statusCode).toBe(400)
    expect((without.json() as { description: unknown }).description).toBe(`Unknown metrics: ${rid}/cpu`)
    const r = await t.app.inject({ method: 'POST', url: '/v1/batch/resources/metrics/measures?create_metrics=true', headers: json, payload })
    expect(r.statusCode).toBe(202)
    const g = await t.app.inject({ method: 'GET', url: '/v1/resource/generic/host-1/metric/cpu/measures?granularity=1', headers: ADMIN })
    expect(g.json()).toEqual([['2013-01-01T12:00:01+00:00', 1, 7]])
  })
})
