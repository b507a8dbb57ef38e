import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, USER, buildV1TestApp, type V1TestApp } from '../../helpers/v1-app.js'

let t: V1TestApp
const json = { ...ADMIN, 'content-type': 'application/json' }
beforeAll(async () => {
  t = await buildV1TestApp()
  await t.app.inject({
    method: 'POST',
    url: '/v1/resource_type',
    headers: json,
    payload: { name: 'host', attributes: { flavor: { type: 'string', required: false }, cores: { type: 'number', required: false } } },
  })
  const items = [
    { id: 'a', flavor: 'small', cores: 2, user_id: 'u1' },
    { id: 'b', flavor: 'small', cores: 8, user_id: 'u2' },
    { id: 'c', flavor: 'large', cores: 8 },
    { id: 'd' },
  ]
  for (const item of items) await t.app.inject({ method: 'POST', url: '/v1/resource/host', headers: json, payload: item })
})
afterAll(async () => {
  await t.close()
})

const search = (url: string, body?: unknown, headers: Record<string, string> = json) =>
  t.app.inject({ method: 'POST', url, headers, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) })
const ids = (res: { json(): unknown }): string[] => (res.json() as { original_resource_id: string }[]).map((r) => r.original_resource_id).sort()

describe('POST /v1/search/resource/{type} (gnocchi-rest.md §3.9)', () => {
  it.each([
    ['JSON equality', { '=': { flavor: 'small' } }, ['a', 'b']],
    ['JSON and', { and: [{ '=': { flavor: 'small' } }, { '>=': { cores: 4 } }] }, ['b']],
    ['!= matches NULL', { '!=': { flavor: 'small' } }, ['c', 'd']],
    ['not does not match NULL', { not: { '=': { flavor: 'small' } } }, ['c']],
    ['in on transformed ids', { in: { id: ['a', 'c'] } }, ['a', 'c']],
    ['like', { like: { flavor: 'sm%' } }, ['a', 'b']],
    ['empty filter', {}, ['a', 'b', 'c', 'd']],
  ])('%s', async (_name, body, expected) => {
    const res = await search('/v1/search/resource/host', body)
    expect(res.statusCode).toBe(200)
    expect(ids(res)).toEqual(expected)
  })

  it('reads the filter query parameter when there is no body, and no filter at all', async () => {
    const res = await search(`/v1/search/resource/host?filter=${encodeURIComponent('flavor = small and cores = 8')}`, undefined, ADMIN)
    expect(ids(res)).toEqual(['b'])
    expect(ids(await search('/v1/search/resource/host', undefined, ADMIN))).toEqual(['a', 'b', 'c', 'd'])
  })

  it('prefers the body over the query parameter', async () => {
    const res = await search(`/v1/search/resource/host?filter=${encodeURIComponent("flavor = 'large'")}`, { '=': { flavor: 'small' } })
    expect(ids(res)).toEqual(['a', 'b'])
  })

  it('searches generic with details and paginates with a Link', async () => {
    const res = await search('/v1/search/resource/generic?details=true&limit=2', { '=': { type: 'host' } })
    expect(res.json()).toHaveLength(2)
    expect(res.json()[0]).toHaveProperty('flavor')
    expect(String(res.headers.link)).toMatch(/^<http:\/\/localhost:80\/v1\/search\/resource\/generic\?details=true&limit=2&marker=[0-9a-f-]{36}&sort=revision_start%3Aasc&sort=started_at%3Aasc>; rel="next"$/)
  })

  it('searches history', async () => {
    await t.app.inject({ method: 'PATCH', url: '/v1/resource/host/a', headers: json, payload: { flavor: 'medium' } })
    const res = await search('/v1/search/resource/host?history=true', { '=': { original_resource_id: 'a' } })
    expect((res.json() as { flavor: string }[]).map((r) => r.flavor)).toEqual(['small', 'medium'])
  })

  it.each([
    ['unknown attribute', { '=': { nope: 1 } }, 'Resource type host has no nope attribute'],
    ['bad value', { '=': { cores: 'x' } }, "Invalid value: `x' for field `cores'"],
    ['nested empty', { and: [{}] }, 'Unable to parse this query'],
  ])('400 %s', async (_name, body, description) => {
    const res = await search('/v1/search/resource/host', body)
    expect(res.statusCode).toBe(400)
    expect(res.json().description).toBe(description)
  })

  it('400 Invalid input for a schema error, Invalid filter for a bad string', async () => {
    const schema = await search('/v1/search/resource/host', { and: {} })
    expect(schema.json().description.cause).toBe('Invalid input')
    const bad = await search(`/v1/search/resource/host?filter=${encodeURIComponent('flavor = = x')}`, undefined, ADMIN)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().description).toMatch(/^Invalid filter: /)
  })

  it('404 for an unknown type, on POST and on GET; 405 for GET on a known type', async () => {
    expect((await search('/v1/search/resource/nope', {})).statusCode).toBe(404)
    expect((await t.app.inject({ url: '/v1/search/resource/nope', headers: USER })).statusCode).toBe(404)
    const get = await t.app.inject({ url: '/v1/search/resource/host', headers: USER })
    expect(get.statusCode).toBe(405)
    expect(get.headers.allow).toBe('POST')
  })
})
