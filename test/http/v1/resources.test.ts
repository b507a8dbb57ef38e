import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, USER, buildV1TestApp, type V1TestApp } from '../../helpers/v1-app.js'

let t: V1TestApp
beforeAll(async () => {
  t = await buildV1TestApp()
  const json = { ...ADMIN, 'content-type': 'application/json' }
  await t.app.inject({
    method: 'POST',
    url: '/v1/archive_policy',
    headers: json,
    payload: { name: 'low', definition: [{ granularity: '1 hour', points: 24 }] },
  })
  await t.app.inject({
    method: 'POST',
    url: '/v1/archive_policy_rule',
    headers: json,
    payload: { name: 'cpu', metric_pattern: 'cpu.*', archive_policy_name: 'low' },
  })
  await t.app.inject({
    method: 'POST',
    url: '/v1/resource_type',
    headers: json,
    payload: {
      name: 'host',
      attributes: {
        flavor: { type: 'string', required: true, max_length: 5 },
        cores: { type: 'number', required: false, min: 0, max: 64 },
        born: { type: 'datetime', required: false },
      },
    },
  })
})
afterAll(async () => {
  await t.close()
})

const adminJson = { ...ADMIN, 'content-type': 'application/json' }
const userJson = { ...USER, 'content-type': 'application/json' }
type Headers = Record<string, string>
const req = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Headers = userJson) =>
  t.app.inject({ method, url, headers, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) })

describe('POST /v1/resource/{type} (gnocchi-rest.md §3.8)', () => {
  it('creates with the UUID5 id of the caller, Location, ETag and Last-Modified', async () => {
    const res = await req('POST', '/v1/resource/generic', { id: 'foobar', user_id: 'u1', project_id: 'p1' })
    expect(res.statusCode).toBe(201)
    // Test vector of gnocchi-rest.md §1.8 (creator foobar).
    const id = '2fbfbb20-8d56-5e1e-afb9-b3007da11fdf'
    expect(res.headers.location).toBe(`http://localhost:80/v1/resource/generic/${id}`)
    expect(res.headers.etag).toMatch(/^"[0-9a-f]{40}"$/)
    expect(res.headers['last-modified']).toMatch(/GMT$/)
    const body = res.json()
    expect(Object.keys(body)).toHaveLength(13)
    expect(body).toMatchObject({
      id,
      type: 'generic',
      original_resource_id: 'foobar',
      creator: 'foobar',
      created_by_user_id: 'foobar',
      created_by_project_id: '',
      user_id: 'u1',
      project_id: 'p1',
      ended_at: null,
      revision_end: null,
      metrics: {},
    })
  })

  it('renders number attributes as floats and datetimes in ISO form', async () => {
    const res = await req('POST', '/v1/resource/host', { id: 'h1', flavor: 'small', cores: 8, born: '2014-01-03T02:02:02Z' })
    expect(res.statusCode).toBe(201)
    expect(res.body).toContain('"cores": 8.0')
    expect(res.json()).toMatchObject({ flavor: 'small', born: '2014-01-03T02:02:02+00:00', type: 'host' })
  })

  it.each([
    ['missing id', {}, "required key not provided @ data['id']", ['id']],
    ['missing required attribute', { id: 'h2' }, "required key not provided @ data['flavor']", ['flavor']],
    ['string too long', { id: 'h2', flavor: 'enormous' }, "length of value must be at most 5 for dictionary value @ data['flavor']", ['flavor']],
    ['number above max', { id: 'h2', flavor: 'a', cores: 65 }, "value must be at most 64 for dictionary value @ data['cores']", ['cores']],
    ['null for an attribute', { id: 'h2', flavor: 'a', cores: null }, "expected Real for dictionary value @ data['cores']", ['cores']],
    ['bad datetime', { id: 'h2', flavor: 'a', born: 'foo' }, "Unable to convert timestamps for dictionary value @ data['born']", ['born']],
    ['extra key', { id: 'h2', flavor: 'a', nope: 1 }, "extra keys not allowed @ data['nope']", ['nope']],
    ['bad started_at', { id: 'h2', flavor: 'a', started_at: 'x' }, "not a valid value for dictionary value @ data['started_at']", ['started_at']],
    ['non-string user_id', { id: 'h2', flavor: 'a', user_id: 3 }, "not a valid value for dictionary value @ data['user_id']", ['user_id']],
    ['slash in id', { id: 'a/b', flavor: 'a' }, "'/' is not supported in resource id for dictionary value @ data['id']", ['id']],
    ['metrics not a map', { id: 'h2', flavor: 'a', metrics: [] }, "expected a dictionary for dictionary value @ data['metrics']", ['metrics']],
    ['metric extra key', { id: 'h2', flavor: 'a', metrics: { m: { archive_policy_name: 'low', foo: 1 } } }, "extra keys not allowed @ data['metrics']['m']['foo']", ['metrics', 'm', 'foo']],
    ['metric unit too long', { id: 'h2', flavor: 'a', metrics: { m: { archive_policy_name: 'low', unit: 'x'.repeat(32) } } }, "length of value must be at most 31 for dictionary value @ data['metrics']['m']['unit']", ['metrics', 'm', 'unit']],
  ])('400 Invalid input: %s', async (_name, body, reason, detail) => {
    const res = await req('POST', '/v1/resource/host', body)
    expect(res.statusCode).toBe(400)
    expect(res.json().description).toEqual({ cause: 'Invalid input', reason, detail })
  })

  it.each([
    ['slash in metric name', { id: 'x1', metrics: { 'disk/iops': { archive_policy_name: 'low' } } }, "'/' is not supported in metric name"],
    ['no matching rule', { id: 'x1', metrics: { 'disk.iops': {} } }, 'No archive policy name specified and no archive policy rule found matching the metric name disk.iops'],
    ['unknown policy', { id: 'x1', metrics: { m: { archive_policy_name: 'nope' } } }, 'Archive policy nope does not exist'],
    ['unknown metric', { id: 'x1', metrics: { m: 'f3d41b77-0cc1-4f0b-b94a-1d5be9c0e3ea' } }, 'Metric f3d41b77-0cc1-4f0b-b94a-1d5be9c0e3ea does not exist'],
    ['start after end', { id: 'x1', started_at: '2014-12-15T02:59:43', ended_at: '2014-01-01' }, 'Start timestamp cannot be after end timestamp'],
  ])('400: %s', async (_name, body, description) => {
    const res = await req('POST', '/v1/resource/generic', body)
    expect(res.statusCode).toBe(400)
    expect(res.json().description).toBe(description)
  })

  it('creates metrics by rule and by policy name, 409 on an existing id, 404 on an unknown type', async () => {
    const res = await req('POST', '/v1/resource/generic', { id: 'withmetrics', metrics: { 'cpu.util': {}, disk: { archive_policy_name: 'low', unit: 'B' } } })
    expect(res.statusCode).toBe(201)
    expect(Object.keys(res.json().metrics).sort()).toEqual(['cpu.util', 'disk'])
    const again = await req('POST', '/v1/resource/generic', { id: 'withmetrics' })
    expect(again.statusCode).toBe(409)
    expect(again.json().description).toBe(`Resource ${res.json().id} already exists`)
    const unknown = await req('POST', '/v1/resource/nope', { id: 'x' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().description).toBe('Resource type nope does not exist')
  })
})

describe('GET/PATCH/DELETE /v1/resource/{type}/{id}', () => {
  it('reads by transformed id, honours If-None-Match and 404s through another type', async () => {
    const res = await req('GET', '/v1/resource/generic/foobar')
    expect(res.statusCode).toBe(200)
    const etag = String(res.headers.etag)
    const again = await req('GET', '/v1/resource/generic/foobar', undefined, { ...USER, 'if-none-match': etag })
    expect(again.statusCode).toBe(304)
    const other = await req('GET', '/v1/resource/host/foobar')
    expect(other.statusCode).toBe(404)
    expect(other.json().description).toBe('Resource 2fbfbb20-8d56-5e1e-afb9-b3007da11fdf does not exist')
    const forbidden = await req('GET', '/v1/resource/generic/2fbfbb20-8d56-5e1e-afb9-b3007da11fdf', undefined, {
      ...USER,
      authorization: `Basic ${Buffer.from('other:').toString('base64')}`,
    })
    expect(forbidden.statusCode).toBe(403)
  })

  it('patches with a new revision, keeps history and rejects immutable keys', async () => {
    const before = await req('GET', '/v1/resource/generic/foobar')
    const res = await req('PATCH', '/v1/resource/generic/foobar', { user_id: 'u2' })
    expect(res.statusCode).toBe(200)
    expect(res.json().user_id).toBe('u2')
    expect(res.headers.etag).not.toBe(before.headers.etag)
    const history = await req('GET', '/v1/resource/generic/foobar/history')
    expect(history.json().map((r: { user_id: string }) => r.user_id)).toEqual(['u1', 'u2'])
    const bad = await req('PATCH', '/v1/resource/generic/foobar', { id: 'x' })
    expect(bad.json().description).toEqual({ cause: 'Invalid input', reason: "extra keys not allowed @ data['id']", detail: ['id'] })
    const stale = await req('PATCH', '/v1/resource/generic/foobar', { user_id: 'u3' }, { ...userJson, 'if-match': String(before.headers.etag) })
    expect(stale.statusCode).toBe(412)
  })

  it('404s a PATCH of a missing resource before reading the body', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: '/v1/resource/generic/77777777-CC60-4033-804E-2D3098C7D2E9', headers: USER })
    expect(res.statusCode).toBe(404)
    expect(res.json().description).toBe('Resource 77777777-cc60-4033-804e-2d3098c7d2e9 does not exist')
  })

  it('PATCH metrics replaces the set; …/metric POST adds and 409s a taken name', async () => {
    const res = await req('PATCH', '/v1/resource/generic/foobar', { metrics: { 'cpu.a': {} } })
    expect(Object.keys(res.json().metrics)).toEqual(['cpu.a'])
    const added = await req('POST', '/v1/resource/generic/foobar/metric', { 'cpu.b': { archive_policy_name: 'low' } })
    expect(added.statusCode).toBe(200)
    const list = added.json() as { name: string; archive_policy: { name: string }; resource_id: string }[]
    expect(list.map((m) => m.name).sort()).toEqual(['cpu.a', 'cpu.b'])
    expect(list[0].archive_policy.name).toBe('low')
    expect(list[0].resource_id).toBe('2fbfbb20-8d56-5e1e-afb9-b3007da11fdf')
    const dup = await req('POST', '/v1/resource/generic/foobar/metric', { 'cpu.b': { archive_policy_name: 'low' } })
    expect(dup.statusCode).toBe(409)
    expect(dup.json().description).toBe('Named metric cpu.b already exists')
  })

  it('reads a named metric in the detailed form and deletes it', async () => {
    const res = await req('GET', '/v1/resource/generic/foobar/metric/cpu.b')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ name: 'cpu.b', archive_policy: { name: 'low' }, resource: { id: '2fbfbb20-8d56-5e1e-afb9-b3007da11fdf' } })
    expect(res.json().resource).not.toHaveProperty('metrics')
    expect((await req('DELETE', '/v1/resource/generic/foobar/metric/cpu.b')).statusCode).toBe(204)
    const gone = await req('GET', '/v1/resource/generic/foobar/metric/cpu.b')
    expect(gone.statusCode).toBe(404)
    expect(gone.json().description).toBe('Metric cpu.b does not exist')
  })

  it('deletes a resource and its metrics', async () => {
    const created = await req('POST', '/v1/resource/generic', { id: 'todelete', metrics: { 'cpu.x': {} } })
    const metricId = created.json().metrics['cpu.x'] as string
    expect((await req('DELETE', '/v1/resource/generic/todelete')).statusCode).toBe(204)
    expect((await req('GET', '/v1/resource/generic/todelete')).statusCode).toBe(404)
    expect(await t.services.index.getMetric(metricId)).toBeNull()
  })
})

describe('GET /v1/resource and listing', () => {
  it('maps types to URLs without authentication', async () => {
    const res = await t.app.inject({ url: '/v1/resource', headers: { accept: 'application/json' } })
    expect(res.json()).toEqual({ generic: 'http://localhost:80/v1/resource/generic', host: 'http://localhost:80/v1/resource/host' })
  })

  it('lists base columns for generic, type attributes with details, attrs filter and Link when full', async () => {
    const base = (await req('GET', '/v1/resource/generic')).json() as Record<string, unknown>[]
    const host = base.find((r) => r.type === 'host')
    expect(host).toBeDefined()
    expect(host).not.toHaveProperty('flavor')
    const detailed = (await req('GET', '/v1/resource/generic?details=true')).json() as Record<string, unknown>[]
    expect(detailed.find((r) => r.type === 'host')).toHaveProperty('flavor', 'small')
    const attrs = (await req('GET', '/v1/resource/generic?attrs=id&attrs=foo')).json() as Record<string, unknown>[]
    expect(Object.keys(attrs[0])).toEqual(['id'])
    const page = await req('GET', '/v1/resource/generic?limit=1&sort=id:desc')
    expect(page.headers.link).toBe(
      `<http://localhost:80/v1/resource/generic?limit=1&marker=${(page.json() as { id: string }[])[0].id}&sort=id%3Adesc>; rel="next"`,
    )
  })

  it.each([
    ['?sort=nope', "Invalid pagination: `Sort key supplied is invalid: nope'"],
    ['?sort=id:up', "Invalid pagination: `Unknown sort direction, must be one of: asc-nullsfirst, asc-nullslast, desc-nullsfirst, desc-nullslast'"],
    ['?marker=nope', "Invalid pagination: `Invalid marker: `nope''"],
    ['?details=maybe', "Unable to parse `details': invalid truth value 'maybe'"],
  ])('400 for %s', async (query, description) => {
    const res = await req('GET', `/v1/resource/generic${query}`)
    expect(res.statusCode).toBe(400)
    expect(res.json().description).toBe(description)
  })
})

describe('DELETE /v1/resource/{type} (bulk)', () => {
  it('refuses an empty filter', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/v1/resource/generic', headers: ADMIN })
    expect(res.statusCode).toBe(400)
    expect(res.json().description).toBe('caution: the query can not be empty, or it will' + ' '.repeat(19) + 'delete entire database')
  })

  it('deletes what the JSON body or the filter parameter selects', async () => {
    for (const id of ['bulk1', 'bulk2', 'bulk3']) await req('POST', '/v1/resource/generic', { id, project_id: 'bulk' }, adminJson)
    const one = await req('DELETE', '/v1/resource/generic', { '=': { original_resource_id: 'bulk1' } }, adminJson)
    expect(one.json()).toEqual({ deleted: 1 })
    const rest = await t.app.inject({ method: 'DELETE', url: `/v1/resource/generic?filter=${encodeURIComponent("project_id = 'bulk'")}`, headers: ADMIN })
    expect(rest.json()).toEqual({ deleted: 2 })
  })
})
