import { compress } from 'snappyjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WRITE_REQUEST } from '../../../src/http/formats/index.js'
import { ADMIN, USER, buildV1TestApp, type V1TestApp } from '../../helpers/v1-app.js'

let t: V1TestApp
const json = { ...ADMIN, 'content-type': 'application/json' }
const proto = { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy' }

/** A real remote-write body: protobuf WriteRequest, snappy block-compressed. */
function body(series: { labels: Record<string, string>; samples: [number, number][] }[]): Buffer {
  const message = WRITE_REQUEST.fromObject({
    timeseries: series.map((s) => ({
      labels: Object.entries(s.labels).map(([name, value]) => ({ name, value })),
      samples: s.samples.map(([value, ts]) => ({ value, timestamp_ms: ts })),
    })),
  })
  return Buffer.from(compress(WRITE_REQUEST.encode(message).finish()))
}

async function write(payload: Buffer, auth: string = ADMIN.authorization) {
  return t.app.inject({ method: 'POST', url: '/v1/prometheus/write', headers: { ...proto, authorization: auth }, payload })
}

beforeEach(async () => {
  t = await buildV1TestApp()
  for (const [url, payload] of [
    ['/v1/archive_policy', { name: 'space', definition: [{ granularity: '1 second' }] }],
    ['/v1/archive_policy_rule', { name: 'test_prom', metric_pattern: '*', archive_policy_name: 'space' }],
  ] as const) {
    expect((await t.app.inject({ method: 'POST', url, headers: json, payload })).statusCode).toBe(201)
  }
})
afterEach(async () => {
  await t.close()
})

const T = 1_506_146_578_000 // 2017-09-23T06:02:58Z in ms

describe('POST /v1/prometheus/write', () => {
  it('creates the type, the resource and its metrics, and stores the samples', async () => {
    const r = await write(
      body([
        { labels: { __name__: 'up', job: 'prometheus', instance: 'localhost:9090' }, samples: [[1, T], [0, T + 1000]] },
        { labels: { __name__: 'scrape_samples_scraped', job: 'prometheus', instance: 'localhost:9090' }, samples: [[558, T]] },
        { labels: { __name__: 'idle' }, samples: [] },
      ]),
    )
    expect(r.statusCode).toBe(202)
    expect(r.body).toBe('')
    const type = await t.app.inject({ method: 'GET', url: '/v1/resource_type/prometheus', headers: ADMIN })
    expect(type.json()).toMatchObject({ name: 'prometheus', attributes: { instance: { type: 'string', required: true }, job: { type: 'string' } } })
    const list = await t.app.inject({ method: 'GET', url: '/v1/resource/prometheus', headers: ADMIN })
    const resources = list.json() as { job: string; instance: string; original_resource_id: string; metrics: Record<string, string> }[]
    expect(resources).toHaveLength(1)
    expect(resources[0]).toMatchObject({ job: 'prometheus', instance: 'localhost:9090', original_resource_id: 'prometheus@localhost:9090' })
    expect(Object.keys(resources[0]!.metrics).sort()).toEqual(['scrape_samples_scraped', 'up'])
    const m = await t.app.inject({ method: 'GET', url: '/v1/resource/prometheus/prometheus@localhost:9090/metric/up/measures?refresh=true', headers: ADMIN })
    expect(m.json()).toEqual([
      ['2017-09-23T06:02:58+00:00', 1.0, 1.0],
      ['2017-09-23T06:02:59+00:00', 1.0, 0.0],
    ])
  })

  it('processes a write sent with `Accept: application/json` (4.4.2 answers 406, gnocchi-rest.md §4)', async () => {
    const payload = body([{ labels: { __name__: 'a' }, samples: [[1, T]] }])
    const r = await t.app.inject({ method: 'POST', url: '/v1/prometheus/write', headers: { ...proto, authorization: ADMIN.authorization, accept: 'application/json' }, payload })
    expect(r.statusCode).toBe(202)
    expect((await t.services.index.listMetrics({ name: 'a' })).length).toBe(1)
  })

  it('reuses the resource on later writes and adds only new metrics', async () => {
    const labels = { job: 'j', instance: 'i' }
    expect((await write(body([{ labels: { ...labels, __name__: 'a' }, samples: [[1, T]] }]))).statusCode).toBe(202)
    expect((await write(body([{ labels: { ...labels, __name__: 'a' }, samples: [[2, T + 1000]] }, { labels: { ...labels, __name__: 'b' }, samples: [[3, T]] }]))).statusCode).toBe(202)
    const res = await t.app.inject({ method: 'GET', url: '/v1/resource/prometheus/j@i', headers: ADMIN })
    expect(Object.keys((res.json() as { metrics: Record<string, string> }).metrics).sort()).toEqual(['a', 'b'])
    const m = await t.app.inject({ method: 'GET', url: '/v1/resource/prometheus/j@i/metric/a/measures?refresh=true', headers: ADMIN })
    expect((m.json() as unknown[]).length).toBe(2)
  })

  it.each([
    ['a body that is not snappy', Buffer.from('not snappy at all'), 400],
    ['a series without __name__', body([{ labels: { job: 'j' }, samples: [[1, T]] }]), 400],
  ])('rejects %s without creating anything', async (_label, payload, status) => {
    const r = await write(payload)
    expect(r.statusCode).toBe(status)
    expect(await t.services.index.getResourceType('prometheus')).toBeNull()
  })

  it('needs `create resource type` the first time (non-admins cannot create it)', async () => {
    const r = await write(body([{ labels: { __name__: 'a' }, samples: [[1, T]] }]), USER.authorization)
    expect(r.statusCode).toBe(403)
    expect(await t.services.index.getResourceType('prometheus')).toBeNull()
    // Once an admin created it, a non-admin's write creates its own resource.
    expect((await write(body([{ labels: { __name__: 'a' }, samples: [[1, T]] }]))).statusCode).toBe(202)
    expect((await write(body([{ labels: { __name__: 'a' }, samples: [[2, T]] }]), USER.authorization)).statusCode).toBe(202)
    const list = await t.app.inject({ method: 'GET', url: '/v1/resource/prometheus', headers: ADMIN })
    expect((list.json() as { creator: string }[]).map((x) => x.creator).sort()).toEqual(['admin', 'foobar'])
  })
})
