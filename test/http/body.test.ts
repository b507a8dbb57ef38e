import { describe, expect, it } from 'vitest'
import { decodeJsonBody, MAX_BODY_DEPTH } from '../../src/http/util/json-body.js'
import { basic, sharedProbeApp } from './probe-app.js'

const H = { accept: 'application/json', authorization: basic('admin') }
const JSON_CT = { ...H, 'content-type': 'application/json' }

describe('decodeJsonBody', () => {
  it.each([
    ['{"a": 1}', { a: 1 }],
    ['[NaN, Infinity, -Infinity]', [NaN, Infinity, -Infinity]],
    ['{"value": NaN, "s": "NaN inside a string"}', { value: NaN, s: 'NaN inside a string' }],
    ['{"s": "quote \\" NaN"}', { s: 'quote " NaN' }],
    ['1e400', Infinity],
    ['', undefined],
    ['   ', undefined],
  ])('%s', (text, value) => {
    expect(decodeJsonBody(text)).toEqual(value)
  })

  it.each([['{"a": nan}'], ['{a: 1}'], ['[1, 2'], ['NaNa'], ['"x" "y"']])('%s is undecodable', (text) => {
    expect(() => decodeJsonBody(text)).toThrow()
  })

  it('refuses nesting deeper than the limit', () => {
    const deep = `${'['.repeat(MAX_BODY_DEPTH + 1)}${']'.repeat(MAX_BODY_DEPTH + 1)}`
    expect(() => decodeJsonBody(deep)).toThrow(/nesting depth/)
    const ok = `${'['.repeat(MAX_BODY_DEPTH)}${']'.repeat(MAX_BODY_DEPTH)}`
    expect(() => decodeJsonBody(ok)).not.toThrow()
  })
})

describe('request bodies over HTTP (gnocchi-rest.md §1.1)', () => {
  it('accepts JSON with charset parameter', async () => {
    const app = await sharedProbeApp()
    const res = await app.inject({ method: 'POST', url: '/v1/probe/echo', headers: { ...H, 'content-type': 'application/json; charset=utf-8' }, payload: '{"x": [1, 2.5]}' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toBe('{"body": {"x": [1, 2.5]}}')
  })

  it.each([
    ['text/plain', 'text/plain', '{}'],
    ['form', 'application/x-www-form-urlencoded', 'a=1'],
    ['no content type, no body', undefined, undefined],
  ])('%s → 415 with an empty description', async (_n, type, payload) => {
    const app = await sharedProbeApp()
    const headers: Record<string, string> = { ...H }
    if (type !== undefined) headers['content-type'] = type
    const res = await app.inject({ method: 'POST', url: '/v1/probe/echo', headers, payload })
    expect(res.statusCode).toBe(415)
    expect(res.body).toBe('{"code": 415, "title": "Unsupported Media Type", "description": ""}')
  })

  it.each([
    ['empty body', '', 'Expected object or value'],
    ['malformed', '{"a": ', null],
    ['too deep', `${'['.repeat(200)}${']'.repeat(200)}`, null],
  ])('%s → 400 Unable to decode body', async (_n, payload, reason) => {
    const app = await sharedProbeApp()
    const res = await app.inject({ method: 'POST', url: '/v1/probe/echo', headers: JSON_CT, payload })
    expect(res.statusCode).toBe(400)
    const d = res.json().description
    expect(d.cause).toBe('Unable to decode body')
    expect(d.detail).toEqual([])
    if (reason !== null) expect(d.reason).toBe(reason)
    else expect(typeof d.reason).toBe('string')
  })

  it('NaN in a body is accepted, as by Python', async () => {
    const app = await sharedProbeApp()
    const res = await app.inject({ method: 'POST', url: '/v1/probe/echo', headers: JSON_CT, payload: '{"v": NaN}' })
    expect(res.body).toBe('{"body": {"v": NaN}}')
  })

  it('optional body: absent or empty is fine, with or without content type', async () => {
    const app = await sharedProbeApp()
    for (const headers of [H, JSON_CT]) {
      const res = await app.inject({ method: 'POST', url: '/v1/probe/search', headers })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ body: null })
    }
  })

  it('json-patch routes want application/json-patch+json and refuse plain JSON', async () => {
    const app = await sharedProbeApp()
    const ok = await app.inject({ method: 'PATCH', url: '/v1/probe/patch', headers: { ...H, 'content-type': 'application/json-patch+json' }, payload: '[{"op": "remove", "path": "/attributes/x"}]' })
    expect(ok.statusCode).toBe(200)
    const bad = await app.inject({ method: 'PATCH', url: '/v1/probe/patch', headers: JSON_CT, payload: '[]' })
    expect(bad.statusCode).toBe(415)
    const bad2 = await app.inject({ method: 'POST', url: '/v1/probe/echo', headers: { ...H, 'content-type': 'application/json-patch+json' }, payload: '[]' })
    expect(bad2.statusCode).toBe(415)
  })

  it('DELETE with a declared media type: JSON body read, anything else 415', async () => {
    const app = await sharedProbeApp()
    const ok = await app.inject({ method: 'DELETE', url: '/v1/probe/bulk', headers: JSON_CT, payload: '{"=": {"id": "x"}}' })
    expect(ok.json()).toEqual({ body: { '=': { id: 'x' } } })
    const bad = await app.inject({ method: 'DELETE', url: '/v1/probe/bulk', headers: H })
    expect(bad.statusCode).toBe(415)
  })

  it('auth comes before body checks (401 for a malformed body without credentials)', async () => {
    const app = await sharedProbeApp()
    const res = await app.inject({ method: 'POST', url: '/v1/probe/echo', headers: { accept: 'application/json', 'content-type': 'text/plain' }, payload: 'x' })
    expect(res.statusCode).toBe(401)
  })
})

describe('schema validation errors in voluptuous words', () => {
  it.each([
    ['missing key', {}, "required key not provided @ data['name']", ['name']],
    ['extra key', { name: 'x', nope: 1 }, "extra keys not allowed @ data['nope']", ['nope']],
    ['wrong type', { name: 1 }, "expected str for dictionary value @ data['name']", ['name']],
    ['int', { name: 'x', points: 1.5 }, "expected int for dictionary value @ data['points']", ['points']],
    ['minimum', { name: 'x', points: 0 }, "value must be at least 1 for dictionary value @ data['points']", ['points']],
    ['list item', { name: 'x', tags: ['a', 2] }, "expected str @ data['tags'][1]", ['tags', '1']],
    ['enum', { name: 'x', kind: 'c' }, "not a valid value for dictionary value @ data['kind']", ['kind']],
    ['uuid', { name: 'x', id: 'nope' }, "badly formed hexadecimal UUID string for dictionary value @ data['id']", ['id']],
    ['min length', { name: '' }, "length of value must be at least 1 for dictionary value @ data['name']", ['name']],
    ['not an object', [1], 'expected a dictionary', []],
  ])('%s', async (_n, body, reason, detail) => {
    const app = await sharedProbeApp()
    const res = await app.inject({ method: 'POST', url: '/v1/probe/validated', headers: JSON_CT, payload: JSON.stringify(body) })
    expect(res.statusCode).toBe(400)
    expect(res.json().description).toEqual({ cause: 'Invalid input', reason, detail })
  })

  it('query-string errors are Argument value errors without detail', async () => {
    const app = await sharedProbeApp()
    const res = await app.inject({ method: 'POST', url: '/v1/probe/validated?limit=0', headers: JSON_CT, payload: '{"name": "x"}' })
    expect(res.statusCode).toBe(400)
    expect(res.json().description).toEqual({ cause: 'Argument value error', reason: "value must be at least 1 for dictionary value @ data['limit']" })
  })

  it('valid bodies are not coerced', async () => {
    const app = await sharedProbeApp()
    const res = await app.inject({ method: 'POST', url: '/v1/probe/validated', headers: JSON_CT, payload: '{"name": "x", "points": 3}' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ body: { name: 'x', points: 3 } })
  })
})
