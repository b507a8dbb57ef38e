import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildV1TestApp, type V1TestApp } from '../../helpers/v1-app.js'

// Keystone-style identities: the policy row filter (gnocchi-rest.md §1.12 filter mode) is
// AND-ed with the client's filter (gnocchi-aggregates.md §7.4).
let t: V1TestApp
const as = (user: string, project: string, roles = 'member') => ({
  'x-user-id': user,
  'x-project-id': project,
  'x-roles': roles,
  accept: 'application/json',
  'content-type': 'application/json',
})
const p1 = as('u1', 'p1')
const p2 = as('u2', 'p2')
const admin = as('a', 'pa', 'admin')

beforeAll(async () => {
  t = await buildV1TestApp({ auth: { mode: 'keystone-headers', jwtSecret: null, jwtPublicKey: null } })
  const create = (headers: Record<string, string>, body: unknown) =>
    t.app.inject({ method: 'POST', url: '/v1/resource/generic', headers, payload: JSON.stringify(body) })
  await create(p1, { id: 'mine', user_id: 'x' })
  await create(p2, { id: 'theirs', user_id: 'x' })
  await create(p2, { id: 'owned-by-p1', project_id: 'p1', user_id: 'y' })
})
afterAll(async () => {
  await t.close()
})

const names = (res: { json(): unknown }): string[] => (res.json() as { original_resource_id: string }[]).map((r) => r.original_resource_id).sort()

describe('policy row filter in keystone mode', () => {
  it.each([
    ['p1 member sees what its project created or owns', p1, undefined, ['mine', 'owned-by-p1']],
    ['p1 member, AND-ed with its own filter', p1, { '=': { user_id: 'x' } }, ['mine']],
    ['p2 member sees only its creations', p2, { '=': { user_id: 'x' } }, ['theirs']],
    ['admin sees everything', admin, undefined, ['mine', 'owned-by-p1', 'theirs']],
  ])('%s', async (_name, headers, body, expected) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/search/resource/generic',
      headers,
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    })
    expect(res.statusCode).toBe(200)
    expect(names(res)).toEqual(expected)
  })

  it('applies the same filter to listings and bulk deletes', async () => {
    const list = await t.app.inject({ url: '/v1/resource/generic', headers: p2 })
    expect(names(list)).toEqual(['owned-by-p1', 'theirs'])
    const del = await t.app.inject({ method: 'DELETE', url: '/v1/resource/generic', headers: p1, payload: JSON.stringify({ '=': { user_id: 'x' } }) })
    expect(del.json()).toEqual({ deleted: 1 })
    const left = await t.app.inject({ method: 'POST', url: '/v1/search/resource/generic', headers: admin })
    expect(names(left)).toEqual(['owned-by-p1', 'theirs'])
  })
})
