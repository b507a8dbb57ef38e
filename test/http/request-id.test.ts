import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IncomingMessage } from 'node:http'
import {
  MAX_CLIENT_REQUEST_ID_LENGTH,
  isSaneRequestId,
  newRequestId,
  requestIdOf,
} from '../../src/http/plugins/request-id.js'
import { ADMIN, buildV1TestApp, type V1TestApp } from '../helpers/v1-app.js'

const GENERATED = /^req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const ORIGIN = 'http://dashboard.example'

const rawRequest = (headers: Record<string, string | string[]>): IncomingMessage => ({ headers }) as unknown as IncomingMessage

describe('request ids', () => {
  it('generates OpenStack-style ids, all distinct', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newRequestId()))
    expect(ids.size).toBe(100)
    for (const id of ids) expect(id).toMatch(GENERATED)
  })

  it.each([
    ['a uuid', '3f1d6c62-8f1e-4b5e-9a44-0d7f0f3f9b1e'],
    ['an OpenStack id', 'req-3f1d6c62-8f1e-4b5e-9a44-0d7f0f3f9b1e'],
    ['a W3C traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['base64 with padding', 'YWJjZGVm+/=='],
    ['the longest accepted', 'x'.repeat(MAX_CLIENT_REQUEST_ID_LENGTH)],
  ])('adopts %s', (_what, id) => {
    expect(isSaneRequestId(id)).toBe(true)
    expect(requestIdOf(rawRequest({ 'x-request-id': id }))).toBe(id)
  })

  it.each([
    ['empty', ''],
    ['too long', 'x'.repeat(MAX_CLIENT_REQUEST_ID_LENGTH + 1)],
    ['with a space', 'abc def'],
    ['with quotes (log forging)', 'abc"},"level":60'],
    ['with a newline', 'abc\ndef'],
    ['non-ASCII', 'réq-1'],
    ['HTML', '<script>'],
  ])('replaces an id that is %s', (_what, id) => {
    expect(isSaneRequestId(id)).toBe(false)
    expect(requestIdOf(rawRequest({ 'x-request-id': id }))).toMatch(GENERATED)
  })

  it('takes the first of repeated headers and generates one when there is none', () => {
    expect(requestIdOf(rawRequest({ 'x-request-id': ['first', 'second'] }))).toBe('first')
    expect(requestIdOf(rawRequest({}))).toMatch(GENERATED)
  })
})

describe('X-Openstack-Request-Id on every response', () => {
  let t: V1TestApp
  beforeAll(async () => {
    t = await buildV1TestApp({ corsOrigins: [ORIGIN], bodyLimitBytes: 2048 })
  })
  afterAll(() => t.close())

  it.each([
    ['200 version document', { method: 'GET', url: '/' }, 200],
    ['200 authenticated list', { method: 'GET', url: '/v1/archive_policy', headers: ADMIN }, 200],
    ['401 without credentials', { method: 'POST', url: '/v1/metric', headers: { accept: 'application/json' } }, 401],
    ['404 unknown path', { method: 'GET', url: '/nowhere' }, 404],
    ['404 unknown metric', { method: 'GET', url: '/v1/metric/00000000-0000-0000-0000-000000000000', headers: ADMIN }, 404],
    ['405 wrong method', { method: 'DELETE', url: '/v1/capabilities', headers: ADMIN }, 405],
    ['406 unacceptable', { method: 'GET', url: '/v1/archive_policy', headers: { ...ADMIN, accept: 'text/csv' } }, 406],
    ['400 bad JSON', { method: 'POST', url: '/v1/metric', headers: { ...ADMIN, 'content-type': 'application/json' }, payload: '{' }, 400],
    ['413 too large', { method: 'POST', url: '/v1/metric', headers: { ...ADMIN, 'content-type': 'application/json' }, payload: `{"a":"${'x'.repeat(4096)}"}` }, 413],
    ['415 media type', { method: 'POST', url: '/v1/metric', headers: { ...ADMIN, 'content-type': 'text/plain' }, payload: 'x' }, 415],
    ['OPTIONS without CORS', { method: 'OPTIONS', url: '/v1/metric' }, 200],
    [
      'CORS preflight',
      { method: 'OPTIONS', url: '/v1/metric', headers: { origin: ORIGIN, 'access-control-request-method': 'GET' } },
      200,
    ],
    ['healthcheck HEAD', { method: 'HEAD', url: '/healthcheck' }, 204],
  ] as const)('%s', async (_what, request, status) => {
    const res = await t.app.inject(request)
    expect(res.statusCode).toBe(status)
    expect(res.headers['x-openstack-request-id']).toMatch(GENERATED)
  })

  it('echoes a sane X-Request-Id, replaces an insane one', async () => {
    const kept = await t.app.inject({ method: 'POST', url: '/v1/metric', headers: { accept: 'application/json', 'x-request-id': 'trace-42.a:b' } })
    expect(kept.statusCode).toBe(401)
    expect(kept.headers['x-openstack-request-id']).toBe('trace-42.a:b')
    const replaced = await t.app.inject({ url: '/', headers: { 'x-request-id': 'two words' } })
    expect(replaced.headers['x-openstack-request-id']).toMatch(GENERATED)
  })

  it('gives every request its own id', async () => {
    const a = await t.app.inject({ url: '/' })
    const b = await t.app.inject({ url: '/' })
    expect(a.headers['x-openstack-request-id']).not.toBe(b.headers['x-openstack-request-id'])
  })
})
