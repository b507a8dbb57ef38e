import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, buildV1TestApp, type V1TestApp } from '../../helpers/v1-app.js'
import { allowHeader, canonicalV1Url, compileRoutePattern } from '../../../src/http/plugins/routing.js'

let t: V1TestApp
beforeAll(async () => {
  t = await buildV1TestApp()
})
afterAll(async () => {
  await t.close()
})

describe('generic routing (gnocchi-rest.md §0)', () => {
  it('serves a route with and without a trailing slash', async () => {
    const a = await t.app.inject({ url: '/v1/archive_policy', headers: ADMIN })
    const b = await t.app.inject({ url: '/v1/archive_policy/', headers: ADMIN })
    expect(a.statusCode).toBe(200)
    expect(b.statusCode).toBe(200)
    expect(b.body).toBe(a.body)
  })

  it('ignores empty path segments, as gnocchiclient\'s `archive-policy update` needs (PATCH /v1/archive_policy//<name>)', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/archive_policy',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      payload: { name: 'slashes', definition: [{ granularity: '1m', points: 60 }] },
    })
    expect(created.statusCode).toBe(201)
    const patched = await t.app.inject({
      method: 'PATCH',
      url: '/v1/archive_policy//slashes',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      payload: { definition: [{ granularity: '1m', points: '120' }] },
    })
    expect(patched.statusCode).toBe(200)
    expect(patched.json()).toMatchObject({ name: 'slashes', definition: [{ granularity: '0:01:00', points: 120, timespan: '2:00:00' }] })
    const shown = await t.app.inject({ url: '/v1//archive_policy//slashes//', headers: ADMIN })
    expect(shown.statusCode).toBe(200)
    expect(shown.json()).toMatchObject({ name: 'slashes' })
    const missing = await t.app.inject({ url: '/v1/archive_policy//nope', headers: ADMIN })
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ code: 404, description: 'Archive policy nope does not exist' })
  })

  it('GET /v1 redirects to /v1/ with an absolute Location', async () => {
    const res = await t.app.inject({ url: '/v1', headers: { host: 'h:1' } })
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('http://h:1/v1/')
    const slash = await t.app.inject({ url: '/v1/', headers: { host: 'h:1' } })
    expect(slash.statusCode).toBe(200)
  })

  it.each([
    ['PUT', '/v1/archive_policy', 'GET, POST'],
    ['DELETE', '/v1/archive_policy/', 'GET, POST'],
    ['HEAD', '/v1/archive_policy', 'GET, POST'],
    ['POST', '/v1/archive_policy/low', 'GET, PATCH, DELETE'],
    ['PUT', '/v1/resource_type/foo', 'GET, PATCH, DELETE'],
    ['POST', '/v1/status', 'GET'],
    ['DELETE', '/v1/capabilities', 'GET'],
  ])('%s %s → 405 Allow: %s, before authentication', async (method, url, allow) => {
    const res = await t.app.inject({ method: method as 'PUT', url, headers: { accept: 'application/json' } })
    expect(res.statusCode).toBe(405)
    expect(res.headers.allow).toBe(allow)
    if (method !== 'HEAD') expect(res.json()).toEqual({ code: 405, title: 'Method Not Allowed', description: '' })
  })

  it('PUT with a JSON content type and no body is still a 405 (routing wins over body parsing)', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/v1/archive_policy', headers: { ...ADMIN, 'content-type': 'application/json' } })
    expect(res.statusCode).toBe(405)
  })

  it.each(['/v1/nope', '/v1/archive_policy/a/b', '/nope'])('unknown path %s → 404 with a null description', async (url) => {
    const res = await t.app.inject({ url, headers: ADMIN })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ code: 404, title: 'Not Found', description: null })
  })

  it('OPTIONS on any path answers 200, empty, without CORS headers or authentication', async () => {
    for (const url of ['/v1/status', '/v1/nope']) {
      const res = await t.app.inject({ method: 'OPTIONS', url })
      expect(res.statusCode).toBe(200)
      expect(res.body).toBe('')
      expect(res.headers['access-control-allow-origin']).toBeUndefined()
    }
  })

  it('renders the plain-text error page when the request has no Accept header (webob)', async () => {
    const res = await t.app.inject({ url: '/v1/archive_policy/nope', headers: { authorization: ADMIN.authorization } })
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toMatch(/^text\/plain/)
    expect(res.body).toBe('404 Not Found\n\nThe resource could not be found.\n\n Archive policy nope does not exist  ')
  })

  it('escapes the HTML page as Python html.escape does', async () => {
    const res = await t.app.inject({ url: "/v1/archive_policy/a'b", headers: { authorization: ADMIN.authorization, accept: '*/*' } })
    expect(res.body).toContain('Archive policy a&#x27;b does not exist')
  })
})

describe('route pattern helpers', () => {
  it.each([
    ['/v1/archive_policy/:name', '/v1/archive_policy/x', true],
    ['/v1/archive_policy/:name', '/v1/archive_policy/x/', true],
    ['/v1/archive_policy/:name', '/v1/archive_policy/x/y', false],
    ['/v1/archive_policy', '/v1/archive_policy_rule', false],
    ['/v1/a.b', '/v1/aXb', false],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(compileRoutePattern(pattern).test(path)).toBe(expected)
  })

  it.each([
    ['/v1/metric/', '', '/v1/metric'],
    ['/v1/', '', '/v1/'],
    ['/v1//', '', '/v1/'],
    ['/v1/archive_policy//a?x=b//c', '', '/v1/archive_policy/a?x=b//c'],
    ['/g//v1//resource///generic//', '/g', '/g/v1/resource/generic'],
    ['/api//x/', '', '/api//x/'],
    ['/v1', '', '/v1'],
  ])('canonicalV1Url(%s, %s) = %s', (url, basePath, expected) => {
    expect(canonicalV1Url(url, basePath)).toBe(expected)
  })

  it('orders Allow like Gnocchi', () => {
    expect(allowHeader(['DELETE', 'PATCH', 'GET'])).toBe('GET, PATCH, DELETE')
  })
})
