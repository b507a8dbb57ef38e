import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ADMIN, USER, buildV1TestApp, type V1TestApp } from '../../helpers/v1-app.js'

let t: V1TestApp
const json = { ...ADMIN, 'content-type': 'application/json' }
const text = { ...ADMIN, 'content-type': 'text/plain' }

beforeEach(async () => {
  t = await buildV1TestApp()
  for (const [url, payload] of [
    ['/v1/archive_policy', { name: 'low', definition: [{ granularity: '1 hour' }] }],
    ['/v1/archive_policy_rule', { name: 'influxdb', metric_pattern: '*', archive_policy_name: 'low' }],
  ] as const) {
    expect((await t.app.inject({ method: 'POST', url, headers: json, payload })).statusCode).toBe(201)
  }
})
afterEach(async () => {
  await t.close()
})

async function write(body: string, db = 'influxdb', headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: `/v1/influxdb/write?db=${db}`, headers: { ...text, ...headers }, payload: body })
}

async function createDb(name: string, headers: Record<string, string> = ADMIN) {
  return t.app.inject({ method: 'POST', url: `/v1/influxdb/query?q=create+database+${name}`, headers })
}

describe('/v1/influxdb', () => {
  it.each(['GET', 'HEAD'] as const)('%s ping answers 204 with the version header', async (method) => {
    const r = await t.app.inject({ method, url: '/v1/influxdb/ping', headers: ADMIN })
    expect(r.statusCode).toBe(204)
    expect(r.headers['x-influxdb-version']).toBe('Gnocchi 4.4.2')
  })

  it('CREATE DATABASE creates a resource type once, and only for admins', async () => {
    expect((await createDb('influxdbtest')).statusCode).toBe(204)
    expect((await createDb('influxdbtest')).statusCode).toBe(204)
    const rt = await t.app.inject({ method: 'GET', url: '/v1/resource_type/influxdbtest', headers: ADMIN })
    expect(rt.json()).toMatchObject({ name: 'influxdbtest', attributes: {}, state: 'active' })
    expect((await createDb('other', USER)).statusCode).toBe(403)
    expect(await t.services.index.getResourceType('other')).toBeNull()
  })

  it.each([
    ['an unsupported query', '/v1/influxdb/query?q=select+metrics+plz', 501, { cause: 'Not implemented error', detail: 'q', reason: 'Query not implemented' }],
  ])('%s fails', async (_label, url, status, description) => {
    const r = await t.app.inject({ method: 'POST', url, headers: ADMIN })
    expect(r.statusCode).toBe(status)
    expect(r.json()).toMatchObject({ description })
  })

  it('writes lines: resource created with the id transform, metrics through the rules, measures processed', async () => {
    await createDb('influxdbtest')
    const r = await write('mymetric,host=foobar,mytag=myvalue field=123 1510581804179554816\n\ncpu,host=foobar,path=/x v=43i,s="str" 1510581804179554816', 'influxdbtest')
    expect(r.statusCode).toBe(204)
    const res = await t.app.inject({ method: 'GET', url: '/v1/resource/influxdbtest/foobar', headers: ADMIN })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ id: 'b4d568e4-7af1-5aec-ac3f-9c09fa3685a9', original_resource_id: 'foobar', creator: 'admin', type: 'influxdbtest' })
    expect(Object.keys((res.json() as { metrics: Record<string, string> }).metrics).sort()).toEqual(['cpu.v@path=_x', 'mymetric.field@mytag=myvalue'])
    const m = await t.app.inject({
      method: 'GET',
      url: '/v1/resource/influxdbtest/foobar/metric/mymetric.field@mytag=myvalue/measures?refresh=true',
      headers: ADMIN,
    })
    expect(m.json()).toEqual([['2017-11-13T14:00:00+00:00', 3600.0, 123.0]])
    // A second write reuses the resource and adds only the missing metric.
    expect((await write('mem,host=foobar used=1 1510581804179554816', 'influxdbtest')).statusCode).toBe(204)
    const after = await t.app.inject({ method: 'GET', url: '/v1/resource/influxdbtest/foobar', headers: ADMIN })
    expect(Object.keys((after.json() as { metrics: Record<string, string> }).metrics)).toHaveLength(3)
  })

  it('uses the X-Gnocchi-InfluxDB-Tag-Resource-ID tag and the default `influxdb` db', async () => {
    await createDb('influxdb')
    const r = await t.app.inject({
      method: 'POST',
      url: '/v1/influxdb/write',
      headers: { ...text, 'x-gnocchi-influxdb-tag-resource-id': 'mytag' },
      payload: 'mymetric,host=foobar,mytag=myvalue field=123 1510581804179554816',
    })
    expect(r.statusCode).toBe(204)
    const m = await t.app.inject({ method: 'GET', url: '/v1/resource/influxdb/myvalue/metric/mymetric.field@host=foobar', headers: ADMIN })
    expect(m.statusCode).toBe(200)
  })

  it.each([
    ['an unparseable line', 'ok,host=a f=1\nbad line here', 'influxdb', 400, { cause: 'Value error', detail: 'line', reason: 'Unable to parse line 2' }],
    ['a missing resource-id tag', 'm,foo=a f=1', 'influxdb', 400, { cause: 'Value error', detail: 'key', reason: "Unable to find key `host' in tags" }],
    ['an unknown db', 'm,host=a f=1', 'nope', 404, 'Resource type nope does not exist'],
  ])('rejects %s', async (_label, body, db, status, description) => {
    await createDb('influxdb')
    const r = await write(body, db)
    expect(r.statusCode).toBe(status)
    expect(r.json()).toMatchObject({ description })
    expect(await t.services.index.listMetrics({})).toHaveLength(0)
  })

  it('answers 409 when the id belongs to a resource of another type', async () => {
    await createDb('influxdbtest')
    expect((await t.app.inject({ method: 'POST', url: '/v1/resource/generic', headers: json, payload: { id: 'conflict' } })).statusCode).toBe(201)
    const r = await write('m,host=conflict f=1', 'influxdbtest')
    expect(r.statusCode).toBe(409)
    expect(r.json()).toMatchObject({ description: { cause: 'Resource already exists', detail: 'da19a545-af76-5081-9a88-f370baab66c6' } })
  })

  it("checks `update resource` on another user's resource and `create resource` for the caller", async () => {
    await createDb('influxdb')
    // A UUID tag value is used as is by the id transform, so both callers name the same resource.
    const id = '5b5ef0a8-bd95-4ea1-a5d1-6e2a5d2a2f3c'
    expect((await write(`m,host=${id} f=1 1510581804179554816`)).statusCode).toBe(204)
    const denied = await write(`m,host=${id} f=2 1510581804179554816`, 'influxdb', { authorization: USER.authorization })
    expect(denied.statusCode).toBe(403)
    // The non-admin's own resources get a creator-scoped id.
    expect((await write('m,host=shared f=2 1510581804179554816', 'influxdb', { authorization: USER.authorization })).statusCode).toBe(204)
    const list = await t.app.inject({ method: 'GET', url: '/v1/resource/influxdb', headers: ADMIN })
    expect((list.json() as { creator: string }[]).map((r) => r.creator).sort()).toEqual(['admin', 'foobar'])
  })
})
