import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, USER, buildV1TestApp, type V1TestApp } from '../../helpers/v1-app.js'

let t: V1TestApp
beforeAll(async () => {
  t = await buildV1TestApp()
  await t.app.inject({
    method: 'POST',
    url: '/v1/archive_policy',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    payload: JSON.stringify({ name: 'low', definition: [{ granularity: '1 hour' }] }),
  })
})
afterAll(async () => {
  await t.close()
})

const json = { ...ADMIN, 'content-type': 'application/json' }
const post = (body: unknown, headers: Record<string, string> = json) =>
  t.app.inject({ method: 'POST', url: '/v1/archive_policy_rule', headers, payload: JSON.stringify(body) })

describe('/v1/archive_policy_rule (gnocchi-rest.md §3.3, archive-rule.yaml)', () => {
  it('creates rules and lists them by metric_pattern descending', async () => {
    for (const [name, metric_pattern] of [['r1', '*'], ['r2', 'disk.foo.*'], ['r3', 'disk.*']]) {
      const res = await post({ name, metric_pattern, archive_policy_name: 'low' })
      expect(res.statusCode).toBe(201)
      expect(res.headers.location).toBe(`http://localhost:80/v1/archive_policy_rule/${name}`)
    }
    const list = await t.app.inject({ url: '/v1/archive_policy_rule', headers: USER })
    expect(list.json().map((r: { metric_pattern: string }) => r.metric_pattern)).toEqual(['disk.foo.*', 'disk.*', '*'])
  })

  it.each([
    ['missing archive_policy_name', { name: 'x', metric_pattern: 'a' }, { cause: 'Invalid input', reason: "required key not provided @ data['archive_policy_name']", detail: ['archive_policy_name'] }],
    ['extra key', { whaa: 'foobar' }, { cause: 'Invalid input', reason: "extra keys not allowed @ data['whaa']", detail: ['whaa'] }],
    ['non-string name', { name: 3, metric_pattern: 'a', archive_policy_name: 'low' }, { cause: 'Invalid input', reason: "expected str for dictionary value @ data['name']", detail: ['name'] }],
    ['unknown policy', { name: 'x', metric_pattern: 'a', archive_policy_name: 'not-exists' }, { cause: 'Archive policy does not exist', detail: 'not-exists' }],
  ])('400 for %s', async (_n, body, description) => {
    const res = await post(body)
    expect(res.statusCode).toBe(400)
    expect(res.json().description).toEqual(description)
  })

  it('403 for non-admin creation', async () => {
    expect((await post({ name: 'y', metric_pattern: 'a', archive_policy_name: 'low' }, { ...USER, 'content-type': 'application/json' })).statusCode).toBe(403)
  })

  it('renames, refuses an existing name, and deletes', async () => {
    const rename = (from: string, body: unknown) =>
      t.app.inject({ method: 'PATCH', url: `/v1/archive_policy_rule/${from}`, headers: json, payload: body === undefined ? undefined : JSON.stringify(body) })
    expect((await rename('r3', undefined)).statusCode).toBe(400)
    const ok = await rename('r3', { name: 'r3b' })
    expect(ok.json()).toEqual({ name: 'r3b', metric_pattern: 'disk.*', archive_policy_name: 'low' })
    expect((await t.app.inject({ url: '/v1/archive_policy_rule/r3', headers: USER })).statusCode).toBe(404)
    const clash = await rename('r2', { name: 'r3b' })
    expect(clash.json().description).toBe('Archive policy rule r2 does not support change: Archive policy rule r3b already exists.')
    expect((await t.app.inject({ method: 'DELETE', url: '/v1/archive_policy_rule/r1', headers: USER })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'DELETE', url: '/v1/archive_policy_rule/r1', headers: ADMIN })).statusCode).toBe(204)
    const gone = await t.app.inject({ method: 'DELETE', url: '/v1/archive_policy_rule/r1', headers: ADMIN })
    expect(gone.json().description).toBe('Archive policy rule r1 does not exist')
  })
})
