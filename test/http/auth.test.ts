import { createSigner } from 'fast-jwt'
import { describe, expect, it } from 'vitest'
import { basicUser } from '../../src/http/plugins/auth.js'
import { basic, sharedProbeApp as probeApp } from './probe-app.js'

const JSON_ACCEPT = { accept: 'application/json' }
const SECRET = 'test-secret-0123456789'
const sign = createSigner({ key: SECRET, algorithm: 'HS256' })
const token = (claims: Record<string, unknown>, expiresInMs = 60_000): string => createSigner({ key: SECRET, expiresIn: expiresInMs })(claims)

describe('basic mode (gnocchi-rest.md §1.11)', () => {
  it.each([
    ['admin', basic('admin', 'whatever'), 200, { userId: 'admin', projectId: null, roles: ['admin'], creator: 'admin', isAdmin: true, mode: 'basic' }],
    ['other user', basic('foobar'), 200, { userId: 'foobar', projectId: null, roles: [], creator: 'foobar', isAdmin: false, mode: 'basic' }],
    ['lower-case scheme', `basic ${Buffer.from('bob:').toString('base64')}`, 200, { userId: 'bob', projectId: null, roles: [], creator: 'bob', isAdmin: false, mode: 'basic' }],
    ['empty user name is a user', basic(''), 200, { userId: '', projectId: null, roles: [], creator: '', isAdmin: false, mode: 'basic' }],
  ])('%s → identity', async (_n, authorization, status, identity) => {
    const app = await probeApp()
    const res = await app.inject({ url: '/v1/probe/whoami', headers: { ...JSON_ACCEPT, authorization } })
    expect(res.statusCode).toBe(status)
    expect(res.json()).toEqual(identity)
  })

  it.each([
    ['no header', undefined],
    ['scheme only', 'Basic'],
    ['not base64', 'Basic !!!'],
    ['no colon', `Basic ${Buffer.from('foo').toString('base64')}`],
    ['bearer', 'Bearer x'],
  ])('%s → 401 with an empty description', async (_n, authorization) => {
    const app = await probeApp()
    const headers: Record<string, string> = { ...JSON_ACCEPT }
    if (authorization !== undefined) headers.authorization = authorization
    const res = await app.inject({ url: '/v1/probe/whoami', headers })
    expect(res.statusCode).toBe(401)
    expect(res.body).toBe('{"code": 401, "title": "Unauthorized", "description": ""}')
  })

  it('an admin-only rule: 401 without credentials, 403 for a user, 200 for admin', async () => {
    const app = await probeApp()
    expect((await app.inject({ url: '/v1/probe/status', headers: JSON_ACCEPT })).statusCode).toBe(401)
    const user = await app.inject({ url: '/v1/probe/status', headers: { ...JSON_ACCEPT, authorization: basic('foo') } })
    expect(user.statusCode).toBe(403)
    expect(user.body).toBe('{"code": 403, "title": "Forbidden", "description": ""}')
    expect((await app.inject({ url: '/v1/probe/status', headers: { ...JSON_ACCEPT, authorization: basic('admin') } })).statusCode).toBe(200)
  })

  it('public routes and unknown paths never authenticate', async () => {
    const app = await probeApp()
    expect((await app.inject({ url: '/v1/probe/public', headers: JSON_ACCEPT })).statusCode).toBe(200)
    expect((await app.inject({ url: '/v1/', headers: JSON_ACCEPT })).statusCode).toBe(200)
    expect((await app.inject({ url: '/v1/nope', headers: JSON_ACCEPT })).statusCode).toBe(404)
  })

  it.each([
    [basic('a:b'), 'a'],
    [basic('é'), 'é'],
    ['Basic', null],
    [`Basic ${Buffer.from([0xff, 0x3a]).toString('base64')}`, null],
  ])('basicUser(%s) = %s', (h, user) => {
    expect(basicUser(h)).toBe(user)
  })
})

describe('keystone-headers mode', () => {
  const opts = { auth: { mode: 'keystone-headers' as const, jwtSecret: null, jwtPublicKey: null } }
  it.each([
    ['admin role', { 'x-user-id': 'u1', 'x-project-id': 'p1', 'x-roles': 'member,Admin' }, { userId: 'u1', projectId: 'p1', roles: ['member', 'Admin'], creator: 'u1:p1', isAdmin: true, mode: 'keystone-headers' }],
    ['member', { 'x-user-id': 'u2', 'x-project-id': 'p2', 'x-roles': 'member' }, { userId: 'u2', projectId: 'p2', roles: ['member'], creator: 'u2:p2', isAdmin: false, mode: 'keystone-headers' }],
    ['no project', { 'x-user-id': 'u3' }, { userId: 'u3', projectId: null, roles: [], creator: 'u3:', isAdmin: false, mode: 'keystone-headers' }],
  ])('%s', async (_n, headers, identity) => {
    const app = await probeApp(opts)
    const res = await app.inject({ url: '/v1/probe/whoami', headers: { ...JSON_ACCEPT, ...headers } })
    expect(res.json()).toEqual(identity)
  })

  it('no identity headers → 401', async () => {
    const app = await probeApp(opts)
    expect((await app.inject({ url: '/v1/probe/whoami', headers: JSON_ACCEPT })).statusCode).toBe(401)
  })

  // Identity matrix on `get resource` (admin_or_creator or resource_owner); the probe resource
  // was created by alice:proj-a and belongs to project proj-owner.
  it.each([
    ['admin', { 'x-user-id': 'root', 'x-project-id': 'x', 'x-roles': 'admin' }, 200],
    ['creator', { 'x-user-id': 'alice', 'x-project-id': 'proj-a' }, 200],
    ['creator project, other user', { 'x-user-id': 'bob', 'x-project-id': 'proj-a' }, 200],
    ['owner project', { 'x-user-id': 'carol', 'x-project-id': 'proj-owner' }, 200],
    ['other project', { 'x-user-id': 'dave', 'x-project-id': 'proj-z' }, 403],
    ['no credentials', {}, 401],
  ])('get resource as %s (%j) → %i', async (_n, headers, status) => {
    const app = await probeApp(opts)
    const res = await app.inject({ url: '/v1/probe/resource', headers: { ...JSON_ACCEPT, ...headers } })
    expect(res.statusCode).toBe(status)
  })

  it.each([
    ['creator', { 'x-user-id': 'alice', 'x-project-id': 'proj-a' }, 204],
    ['owner project (not enough to delete)', { 'x-user-id': 'carol', 'x-project-id': 'proj-owner' }, 403],
  ])('delete resource as %s (%j) → %i', async (_n, headers, status) => {
    const app = await probeApp(opts)
    const res = await app.inject({ method: 'DELETE', url: '/v1/probe/resource', headers: { ...JSON_ACCEPT, ...headers } })
    expect(res.statusCode).toBe(status)
  })
})

describe('basic mode identity matrix on `get resource`', () => {
  // In basic mode the creator is the bare user name and there is no project.
  it.each([
    ['admin', 'admin', 200],
    ['a user who is not the creator', 'alice', 403],
  ])('%s → %i', async (_n, user, status) => {
    const app = await probeApp()
    const res = await app.inject({ url: '/v1/probe/resource', headers: { ...JSON_ACCEPT, authorization: basic(user) } })
    expect(res.statusCode).toBe(status)
  })
})

describe('jwt mode', () => {
  const opts = { auth: { mode: 'jwt' as const, jwtSecret: SECRET, jwtPublicKey: null } }

  it.each([
    ['X-Auth-Token', (t: string) => ({ 'x-auth-token': t })],
    ['Authorization: Bearer', (t: string) => ({ authorization: `Bearer ${t}` })],
  ])('reads the token from %s', async (_n, hdr) => {
    const app = await probeApp(opts)
    const res = await app.inject({ url: '/v1/probe/whoami', headers: { ...JSON_ACCEPT, ...hdr(token({ sub: 'u1', project_id: 'p1', roles: ['admin'] })) } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ userId: 'u1', projectId: 'p1', roles: ['admin'], creator: 'u1:p1', isAdmin: true, mode: 'jwt' })
  })

  it('accepts user_id and comma-separated roles', async () => {
    const app = await probeApp(opts)
    const res = await app.inject({ url: '/v1/probe/whoami', headers: { ...JSON_ACCEPT, 'x-auth-token': sign({ user_id: 'u2', roles: 'member, reader' }) } })
    expect(res.json()).toMatchObject({ userId: 'u2', projectId: null, roles: ['member', 'reader'], isAdmin: false })
  })

  it.each([
    ['no token', {}],
    ['garbage token', { 'x-auth-token': 'not.a.jwt' }],
    ['wrong secret', { 'x-auth-token': createSigner({ key: 'another-secret-000000000' })({ sub: 'u' }) }],
    ['expired token', { 'x-auth-token': createSigner({ key: SECRET, expiresIn: 1 , clockTimestamp: Date.now() - 60_000 })({ sub: 'u' }) }],
    ['no user claim', { 'x-auth-token': sign({ project_id: 'p' }) }],
  ])('%s → 401', async (_n, headers) => {
    const app = await probeApp(opts)
    const res = await app.inject({ url: '/v1/probe/whoami', headers: { ...JSON_ACCEPT, ...headers } })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toEqual({ code: 401, title: 'Unauthorized', description: '' })
  })

  it('a member of another project gets 403 on an admin rule', async () => {
    const app = await probeApp(opts)
    const res = await app.inject({ url: '/v1/probe/status', headers: { ...JSON_ACCEPT, 'x-auth-token': sign({ sub: 'u', project_id: 'p' }) } })
    expect(res.statusCode).toBe(403)
  })
})

describe('noauth mode', () => {
  it('everyone is admin; identity headers set the creator', async () => {
    const app = await probeApp({ auth: { mode: 'noauth', jwtSecret: null, jwtPublicKey: null } })
    const anon = await app.inject({ url: '/v1/probe/status', headers: JSON_ACCEPT })
    expect(anon.statusCode).toBe(200)
    const who = await app.inject({ url: '/v1/probe/whoami', headers: { ...JSON_ACCEPT, 'x-user-id': 'u', 'x-project-id': 'p' } })
    expect(who.json()).toMatchObject({ creator: 'u:p', isAdmin: true, mode: 'noauth' })
  })
})
