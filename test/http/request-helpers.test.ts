import { describe, expect, it } from 'vitest'
import { acceptsJson } from '../../src/http/util/accept.js'
import { parseBoolParam, pyRepr } from '../../src/http/util/bool-param.js'
import { evaluatePreconditions, httpDate, resourceEtag } from '../../src/http/util/conditional.js'
import { nextLink, parsePagination, quotePlus } from '../../src/http/util/pagination.js'
import { GnocchiError } from '../../src/model/errors.js'
import { basic, PROBE_RESOURCE, PROBE_REVISION_START_US, sharedProbeApp } from './probe-app.js'

const H = { accept: 'application/json', authorization: basic('admin') }

const errorOf = (f: () => unknown): GnocchiError => {
  try {
    f()
  } catch (e) {
    if (e instanceof GnocchiError) return e
    throw e
  }
  throw new Error('expected a GnocchiError')
}

describe('boolean query parameters (gnocchi-rest.md §1.4)', () => {
  it.each([
    ['y', true], ['YES', true], ['t', true], ['True', true], ['on', true], ['1', true],
    ['n', false], ['No', false], ['f', false], ['FALSE', false], ['off', false], ['0', false],
  ])('%s → %s', (v, b) => {
    expect(parseBoolParam('details', v)).toBe(b)
  })

  it('absent → fallback', () => {
    expect(parseBoolParam('details', undefined)).toBe(false)
    expect(parseBoolParam('details', undefined, true)).toBe(true)
  })

  it.each([
    ['Maybe', "Unable to parse `details': invalid truth value 'maybe'"],
    ['', "Unable to parse `details': invalid truth value ''"],
    ["it's", 'Unable to parse `details\': invalid truth value "it\'s"'],
  ])('%j → 400 %s', (v, message) => {
    const e = errorOf(() => parseBoolParam('details', v))
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.description).toBe(message)
  })

  it('over HTTP', async () => {
    const app = await sharedProbeApp()
    const res = await app.inject({ url: '/v1/probe/bool?details=Maybe', headers: H })
    expect(res.statusCode).toBe(400)
    expect(res.body).toBe('{"code": 400, "title": "Bad Request", "description": "Unable to parse `details\': invalid truth value \'maybe\'"}')
    expect((await app.inject({ url: '/v1/probe/bool?details=ON', headers: H })).json()).toEqual({ details: true })
  })

  it.each([['a', "'a'"], ['a\\b', "'a\\\\b'"], ['\n', "'\\n'"]])('pyRepr(%j) = %s', (s, r) => {
    expect(pyRepr(s)).toBe(r)
  })
})

describe('pagination (gnocchi-rest.md §1.9)', () => {
  const spec = { maxLimit: 7, isSortKey: (k: string) => ['id', 'name', 'started_at'].includes(k), defaultSort: ['started_at:asc'], uniqueKeys: ['id'] }

  it('defaults: limit = max_limit, default sort plus the unique key', () => {
    expect(parsePagination({}, spec)).toEqual({
      limit: 7,
      marker: null,
      sort: [{ key: 'started_at', direction: 'asc' }, { key: 'id', direction: 'asc' }],
      sortParams: ['started_at:asc'],
    })
  })

  it('clamps limit, repeats sort, keeps marker', () => {
    const p = parsePagination({ limit: '50', sort: ['name:desc-nullslast', 'id'], marker: 'm1' }, spec)
    expect(p.limit).toBe(7)
    expect(p.marker).toBe('m1')
    expect(p.sort).toEqual([{ key: 'name', direction: 'desc-nullslast' }, { key: 'id', direction: 'asc' }])
  })

  it.each([
    [{ limit: '0' }, { cause: 'Argument value error', reason: "value must be at least 1 for dictionary value @ data['limit']" }],
    [{ limit: '-3' }, { cause: 'Argument value error', reason: "value must be at least 1 for dictionary value @ data['limit']" }],
    [{ limit: 'abc' }, { cause: 'Argument value error', reason: "expected int for dictionary value @ data['limit']" }],
    [{ limit: '1.5' }, { cause: 'Argument value error', reason: "expected int for dictionary value @ data['limit']" }],
    [{ sort: 'nope' }, 'Invalid pagination: `Sort key supplied is invalid: nope\''],
    [{ sort: 'foo:up' }, 'Invalid pagination: `Sort key supplied is invalid: foo\''],
    [{ sort: 'id:up' }, "Invalid pagination: `Unknown sort direction, must be one of: asc-nullsfirst, asc-nullslast, desc-nullsfirst, desc-nullslast'"],
  ])('%j → 400 %j', (query, description) => {
    const e = errorOf(() => parsePagination(query, spec))
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.description).toEqual(description)
  })

  it('Link: only for full pages; params sorted, repeated kept, limit/sort/marker overridden', () => {
    const page = { count: 2, limit: 2, sortParams: ['id:asc'], lastMarker: '28593168-52bb-43b5-a6db-fc2343aac02a' }
    expect(nextLink('http://h/v1/resource/generic', 'limit=2&sort=id:asc', page)).toBe(
      '<http://h/v1/resource/generic?limit=2&marker=28593168-52bb-43b5-a6db-fc2343aac02a&sort=id%3Aasc>; rel="next"',
    )
    expect(nextLink('http://h/x', 'details=true&attrs=b&attrs=a&marker=old', { ...page, lastMarker: 'r@-1', sortParams: ['a:asc', 'b:desc'] })).toBe(
      '<http://h/x?attrs=b&attrs=a&details=true&limit=2&marker=r%40-1&sort=a%3Aasc&sort=b%3Adesc>; rel="next"',
    )
    expect(nextLink('http://h/x', '', { ...page, count: 1 })).toBeNull()
  })

  it.each([['a b', 'a+b'], ['~._-', '~._-'], ["!'()*", '%21%27%28%29%2A'], ['é', '%C3%A9']])('quotePlus(%j) = %s', (s, q) => {
    expect(quotePlus(s)).toBe(q)
  })

  it('over HTTP: Link built from the request URL, base path and proxy headers', async () => {
    const app = await sharedProbeApp({ basePath: '/gnocchi', trustProxy: true, maxLimit: 3 })
    const res = await app.inject({ url: '/gnocchi/v1/probe/list?sort=name:desc&foo=b%20c', headers: { ...H, host: 'h', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'example.org' } })
    expect(res.statusCode).toBe(200)
    expect(res.headers.link).toBe('<https://example.org/gnocchi/v1/probe/list?foo=b+c&limit=3&marker=row2&sort=name%3Adesc>; rel="next"')
    const small = await app.inject({ url: '/gnocchi/v1/probe/list?limit=5', headers: { ...H, host: 'h' } })
    expect(small.json().limit).toBe(3)
    const none = await app.inject({ url: '/gnocchi/v1/probe/list?limit=4', headers: { ...H, host: 'h' } })
    expect(none.headers.link).toBe('<http://h/gnocchi/v1/probe/list?limit=3&marker=row2&sort=revision_start%3Aasc&sort=started_at%3Aasc>; rel="next"')
  })
})

describe('conditional requests (gnocchi-rest.md §1.10)', () => {
  const etag = resourceEtag(PROBE_RESOURCE.id, PROBE_RESOURCE.revision_start)
  const lm = httpDate(PROBE_REVISION_START_US)
  const before = 'Sun, 22 Nov 2026 08:55:13 GMT'
  const after = 'Sun, 22 Nov 2026 08:55:15 GMT'

  it('ETag is the quoted sha1 of id + revision_start text; Last-Modified truncated to seconds', () => {
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/)
    expect(lm).toBe('Sun, 22 Nov 2026 08:55:14 GMT')
  })

  it.each([
    ['GET', {}, 'proceed'],
    ['GET', { 'if-match': etag }, 'proceed'],
    ['GET', { 'if-match': '"other"' }, 412],
    ['GET', { 'if-match': '*' }, 'proceed'],
    ['GET', { 'if-unmodified-since': before }, 412],
    ['GET', { 'if-unmodified-since': lm }, 'proceed'],
    ['GET', { 'if-match': etag, 'if-unmodified-since': before }, 'proceed'],
    ['GET', { 'if-none-match': etag }, 'not-modified'],
    ['GET', { 'if-none-match': `"x", ${etag}` }, 'not-modified'],
    ['GET', { 'if-none-match': '*' }, 'not-modified'],
    ['PATCH', { 'if-none-match': etag }, 412],
    ['DELETE', { 'if-none-match': '"other"' }, 'proceed'],
    ['GET', { 'if-modified-since': lm }, 'not-modified'],
    ['GET', { 'if-modified-since': after }, 'not-modified'],
    ['GET', { 'if-modified-since': before }, 'proceed'],
    ['GET', { 'if-none-match': '"other"', 'if-modified-since': after }, 'proceed'],
    ['PATCH', { 'if-modified-since': after }, 'proceed'],
    ['GET', { 'if-modified-since': 'garbage' }, 'proceed'],
    ['DELETE', { 'if-match': '"other"', 'if-none-match': etag }, 412],
  ] as const)('%s %j → %s', (method, headers, outcome) => {
    if (outcome === 412) {
      const e = errorOf(() => evaluatePreconditions(method, headers, { etag, lastModifiedUs: PROBE_REVISION_START_US }))
      expect(e.code).toBe('PRECONDITION_FAILED')
    } else {
      expect(evaluatePreconditions(method, headers, { etag, lastModifiedUs: PROBE_REVISION_START_US })).toBe(outcome)
    }
  })

  it('over HTTP: headers, 304 and 412', async () => {
    const app = await sharedProbeApp()
    const res = await app.inject({ url: '/v1/probe/resource', headers: H })
    expect(res.headers.etag).toBe(etag)
    expect(res.headers['last-modified']).toBe(lm)
    const nm = await app.inject({ url: '/v1/probe/resource', headers: { ...H, 'if-none-match': etag } })
    expect(nm.statusCode).toBe(304)
    expect(nm.body).toBe('')
    const pf = await app.inject({ method: 'DELETE', url: '/v1/probe/resource', headers: { ...H, 'if-match': '"nope"' } })
    expect(pf.statusCode).toBe(412)
    expect(pf.json()).toEqual({ code: 412, title: 'Precondition Failed', description: '' })
  })
})

describe('content negotiation for success responses (gnocchi-rest.md §1.3)', () => {
  it.each([
    [undefined, true],
    ['application/json', true],
    ['*/*', true],
    ['application/*', true],
    ['text/plain, application/json; q=0.8', true],
    ['application/json, text/plain, */*', true],
    ['text/plain', false],
    ['text/html', false],
    ['image/png, text/plain', false],
    ['application/json;q=0', false],
    ['application/json;q=0, */*', false],
    ['text/html, */*;q=0.1', true],
  ])('Accept %s → JSON acceptable %s', (accept, ok) => {
    expect(acceptsJson(accept)).toBe(ok)
  })

  it('406 with webob\'s plain-text body, before authentication', async () => {
    const app = await sharedProbeApp()
    const res = await app.inject({ url: '/v1/probe/whoami', headers: { accept: 'text/plain' } })
    expect(res.statusCode).toBe(406)
    expect(res.headers['content-type']).toBe('text/plain; charset=UTF-8')
    expect(res.body).toBe('406 Not Acceptable\n\nThe resource could not be generated that was acceptable to your browser (content of type text/plain. \n\n ')
  })

  it('healthcheck negotiates on its own; unknown paths stay 404', async () => {
    const app = await sharedProbeApp()
    expect((await app.inject({ url: '/healthcheck', headers: { accept: 'text/plain' } })).statusCode).toBe(200)
    expect((await app.inject({ url: '/nope', headers: { accept: 'text/plain' } })).statusCode).toBe(404)
  })
})

describe('Python JSON replies (gnocchi-rest.md §1.2)', () => {
  it('routes return values; the bytes are Python\'s, content type without charset', async () => {
    const app = await sharedProbeApp()
    const res = await app.inject({ url: '/v1/probe/floats', headers: H })
    expect(res.headers['content-type']).toBe('application/json')
    expect(res.body).toBe('{"measures": [["2015-03-06T14:33:00+00:00", 60.0, 2.0]], "points": 12, "value": 0.5, "name": "\\u00e9"}')
  })
})

describe('error bodies use the Python serializer too', () => {
  it.each([
    ['/v1/nope', 404, '{"code": 404, "title": "Not Found", "description": null}'],
    ['/v1/probe/whoami', 401, '{"code": 401, "title": "Unauthorized", "description": ""}'],
  ])('%s → %i', async (url, status, body) => {
    const app = await sharedProbeApp()
    const res = await app.inject({ url, headers: { accept: 'application/json' } })
    expect(res.statusCode).toBe(status)
    expect(res.body).toBe(body)
    expect(res.headers['content-type']).toBe('application/json')
  })
})

describe('HEAD is not implied by GET (gnocchi-rest.md §0)', () => {
  it('HEAD on a GET-only route is refused, healthcheck answers it', async () => {
    const app = await sharedProbeApp()
    const res = await app.inject({ method: 'HEAD', url: '/v1/probe/public', headers: { accept: 'application/json' } })
    expect([404, 405]).toContain(res.statusCode)
    expect((await app.inject({ method: 'HEAD', url: '/healthcheck' })).statusCode).toBe(204)
  })
})

describe('absolute URLs', () => {
  it('apiUrl honours base path and trusted Forwarded header', async () => {
    const app = await sharedProbeApp({ basePath: '/gnocchi', trustProxy: true, maxLimit: 3 })
    const res = await app.inject({ url: '/gnocchi/v1/', headers: { host: 'h', forwarded: 'for=1.2.3.4;proto=https;host=api.example', 'x-forwarded-prefix': '/edge' } })
    expect(res.json().links[0].href).toBe('https://api.example/edge/gnocchi/v1')
  })
})
