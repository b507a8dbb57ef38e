import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ADMIN, buildV1TestApp, type V1TestApp } from '../../helpers/v1-app.js'

let t: V1TestApp
const json = { ...ADMIN, 'content-type': 'application/json' }

beforeEach(async () => {
  t = await buildV1TestApp()
  const r = await t.app.inject({
    method: 'POST',
    url: '/v1/archive_policy',
    headers: json,
    payload: { name: 'p1', definition: [{ granularity: '1 second', points: 10 }] },
  })
  expect(r.statusCode).toBe(201)
})
afterEach(async () => {
  await t.close()
})

describe('/v1/metric', () => {
  it('creates, shows, lists and deletes a metric', async () => {
    const c = await t.app.inject({ method: 'POST', url: '/v1/metric', headers: json, payload: { archive_policy_name: 'p1', name: 'cpu', unit: 'ns' } })
    expect(c.statusCode).toBe(201)
    const m = c.json() as Record<string, unknown>
    expect(c.headers.location).toBe(`http://localhost:80/v1/metric/${String(m.id)}`)
    expect(m).toMatchObject({ archive_policy_name: 'p1', name: 'cpu', unit: 'ns', resource_id: null, creator: 'admin' })
    const g = await t.app.inject({ method: 'GET', url: `/v1/metric/${String(m.id)}`, headers: ADMIN })
    expect(g.json()).toMatchObject({ id: m.id, resource: null, archive_policy: { name: 'p1' } })
    const l = await t.app.inject({ method: 'GET', url: '/v1/metric?name=cpu', headers: ADMIN })
    expect((l.json() as unknown[]).length).toBe(1)
    const none = await t.app.inject({ method: 'GET', url: '/v1/metric?name=mem', headers: ADMIN })
    expect(none.json()).toEqual([])
    const d = await t.app.inject({ method: 'DELETE', url: `/v1/metric/${String(m.id)}`, headers: ADMIN })
    expect(d.statusCode).toBe(204)
    const again = await t.app.inject({ method: 'DELETE', url: `/v1/metric/${String(m.id)}`, headers: ADMIN })
    expect(again.statusCode).toBe(404)
  })

  it('purges queued and processed data on delete', async () => {
    const c = await t.app.inject({ method: 'POST', url: '/v1/metric', headers: json, payload: { archive_policy_name: 'p1' } })
    const id = (c.json() as { id: string }).id
    const measures = [{ timestamp: '2013-01-01T12:00:01', value: 1 }]
    expect((await t.app.inject({ method: 'POST', url: `/v1/metric/${id}/measures`, headers: json, payload: measures })).statusCode).toBe(202)
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/metric/${id}`, headers: ADMIN })).statusCode).toBe(204)
    await t.services.measures.idle()
    expect(await t.services.driver.series.metricsWithIncoming()).toEqual([])
    expect(await t.services.driver.series.readRawBuffer(id)).toBeNull()
    expect(await t.services.driver.series.listSplits(id, 'mean', 1e6)).toEqual([])
  })

  it('paginates with a Link header', async () => {
    for (let i = 0; i < 3; i++) await t.app.inject({ method: 'POST', url: '/v1/metric', headers: json, payload: { archive_policy_name: 'p1' } })
    const r = await t.app.inject({ method: 'GET', url: '/v1/metric?limit=2', headers: ADMIN })
    const page = r.json() as { id: string }[]
    expect(page.length).toBe(2)
    expect(r.headers.link).toContain(`marker=${page[1]!.id}`)
    const next = await t.app.inject({ method: 'GET', url: `/v1/metric?limit=2&marker=${page[1]!.id}`, headers: ADMIN })
    expect((next.json() as unknown[]).length).toBe(1)
  })

  it.each([
    [{ archive_policy_name: 'nope' }, 400, 'Archive policy nope does not exist'],
    [{ archive_policy_name: 'p1', name: 'a/b' }, 400, "'/' is not supported in metric name"],
    [{}, 400, 'No archive policy name specified and no archive policy rule found matching the metric name '],
    [{ archive_policy_name: 'p1', resource_id: 'x' }, 400, { cause: 'Attribute value error', detail: 'name', reason: 'Name cannot be null if resource_id is not null' }],
    [{ archive_policy_name: 'p1', name: 'n', resource_id: '00000000-0000-0000-0000-000000000001' }, 404, 'Resource 00000000-0000-0000-0000-000000000001 does not exist'],
  ])('POST %j → %i', async (payload, status, description) => {
    const r = await t.app.inject({ method: 'POST', url: '/v1/metric', headers: json, payload })
    expect(r.statusCode).toBe(status)
    expect((r.json() as { description: unknown }).description).toEqual(description)
  })

  it('rejects a bad status filter', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/v1/metric?status=foo', headers: ADMIN })
    expect(r.statusCode).toBe(400)
  })
})
