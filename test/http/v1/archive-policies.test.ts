import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, USER, buildV1TestApp, type V1TestApp } from '../../helpers/v1-app.js'

let t: V1TestApp
beforeAll(async () => {
  t = await buildV1TestApp()
})
afterAll(async () => {
  await t.close()
})

const post = (body: unknown, headers: Record<string, string> = ADMIN) =>
  t.app.inject({ method: 'POST', url: '/v1/archive_policy', headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) })

describe('/v1/archive_policy (gnocchi-rest.md §3.2, archive.yaml)', () => {
  it('creates with 201, a percent-encoded Location and the rendered policy', async () => {
    const res = await post({ name: '✔éñ☃', definition: [{ granularity: '1 second', points: 20 }, { granularity: '2 second' }] })
    expect(res.statusCode).toBe(201)
    expect(res.headers.location).toBe('http://localhost:80/v1/archive_policy/%E2%9C%94%C3%A9%C3%B1%E2%98%83')
    expect(res.json()).toMatchObject({
      name: '✔éñ☃',
      back_window: 0,
      definition: [
        { granularity: '0:00:01', points: 20, timespan: '0:00:20' },
        { granularity: '0:00:02', points: null, timespan: null },
      ],
    })
    const got = await t.app.inject({ url: '/v1/archive_policy/%E2%9C%94%C3%A9%C3%B1%E2%98%83', headers: USER })
    expect(got.json().name).toBe('✔éñ☃')
  })

  it.each([
    ['non-admin', { name: 'x', definition: [{ granularity: 1 }] }, USER, 403],
    ['non-admin with a bad body (authorization first)', { cowsay: 1 }, USER, 403],
    ['extra key', { cowsay: 'moo' }, ADMIN, 400],
    ['empty definition', { name: 'x', definition: [] }, ADMIN, 400],
    ['timespan mismatch', { name: 'x', definition: [{ granularity: 1, points: 60, timespan: '0:01:01' }] }, ADMIN, 400],
    ['duplicate', { name: '✔éñ☃', definition: [{ granularity: 1 }] }, ADMIN, 409],
  ])('refuses %s', async (_n, body, headers, status) => {
    expect((await post(body, headers)).statusCode).toBe(status)
  })

  it('answers 409 with Gnocchi description for a duplicate', async () => {
    await post({ name: 'dup', definition: [{ granularity: 60, points: 2 }] })
    const res = await post({ name: 'dup', definition: [{ granularity: 60, points: 2 }] })
    expect(res.json()).toEqual({ code: 409, title: 'Conflict', description: 'Archive policy dup already exists' })
  })

  it('PATCH changes points of existing granularities only', async () => {
    await post({ name: 'p', definition: [{ granularity: 1, points: 20 }, { granularity: 2 }] })
    const patch = (definition: unknown) =>
      t.app.inject({ method: 'PATCH', url: '/v1/archive_policy/p', headers: { ...ADMIN, 'content-type': 'application/json' }, payload: JSON.stringify({ definition }) })
    expect((await patch([{ granularity: 1, points: 50 }])).json().description).toBe(
      'Archive policy p does not support change: Cannot add or drop granularities',
    )
    expect((await patch([{ granularity: 5, points: 20 }, { granularity: 2 }])).json().description).toBe(
      'Archive policy p does not support change: 1.0 granularity interval was changed',
    )
    const ok = await patch([{ granularity: 1, points: 50 }, { granularity: 2 }])
    expect(ok.statusCode).toBe(200)
    expect(ok.json().definition[0]).toEqual({ granularity: '0:00:01', points: 50, timespan: '0:00:50' })
  })

  it('GET/DELETE an unknown policy → 404 with its name', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/v1/archive_policy/grandiose', headers: ADMIN })
    expect(res.json()).toEqual({ code: 404, title: 'Not Found', description: 'Archive policy grandiose does not exist' })
  })

  it('refuses to delete a policy used by a rule, then deletes it once free', async () => {
    await post({ name: 'used', definition: [{ granularity: 3600 }] })
    await t.services.index.createArchivePolicyRule({ name: 'r-used', metricPattern: 'x.*', archivePolicyName: 'used' })
    const refused = await t.app.inject({ method: 'DELETE', url: '/v1/archive_policy/used', headers: ADMIN })
    expect(refused.json()).toEqual({ code: 400, title: 'Bad Request', description: 'Archive policy used is still in use' })
    await t.services.index.deleteArchivePolicyRule('r-used')
    const done = await t.app.inject({ method: 'DELETE', url: '/v1/archive_policy/used', headers: ADMIN })
    expect(done.statusCode).toBe(204)
    expect(done.body).toBe('')
  })

  it('lists policies and answers 406 to a text-only Accept', async () => {
    const list = await t.app.inject({ url: '/v1/archive_policy', headers: USER })
    expect(list.json().map((p: { name: string }) => p.name)).toContain('dup')
    const text = await t.app.inject({ url: '/v1/archive_policy', headers: { ...USER, accept: 'text/plain' } })
    expect(text.statusCode).toBe(406)
  })

  it('capabilities are public and list the 216 methods', async () => {
    const res = await t.app.inject({ url: '/v1/capabilities', headers: { accept: 'application/json' } })
    expect(res.statusCode).toBe(200)
    expect(res.json().aggregation_methods).toHaveLength(216)
    expect(res.json().aggregation_methods).toContain('rate:99pct')
  })
})
