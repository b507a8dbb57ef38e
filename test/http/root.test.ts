import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/app.js'

describe('root routes (gnocchi-rest.md §3.1)', () => {
  it('GET / answers the version document with the request base', async () => {
    const app = await buildTestApp()
    const res = await app.inject({ method: 'GET', url: '/', headers: { host: 'example.org:8041' } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      build: '4.4.2',
      versions: [{ status: 'CURRENT', links: [{ rel: 'self', href: 'http://example.org:8041/v1/' }], id: 'v1.0', updated: '2015-03-19' }],
    })
  })

  it('GET /v1/ lists the 13 links, alphabetical after self', async () => {
    const app = await buildTestApp()
    const res = await app.inject({ method: 'GET', url: '/v1/', headers: { host: 'h' } })
    const links = (res.json() as { links: { rel: string; href: string }[] }).links
    expect(links).toHaveLength(13)
    expect(links[0]).toEqual({ rel: 'self', href: 'http://h/v1' })
    const rels = links.slice(1).map((l) => l.rel)
    expect(rels).toEqual([...rels].sort())
  })

  it('honours the base path and trusted Forwarded headers', async () => {
    const app = await buildTestApp({ basePath: '/gnocchi', trustProxy: true })
    const res = await app.inject({
      method: 'GET',
      url: '/gnocchi/',
      headers: { host: 'h', forwarded: 'for=192.0.2.60;proto=http;host=foobar' },
    })
    expect(res.json().versions[0].links[0].href).toBe('http://foobar/gnocchi/v1/')
    const xf = await app.inject({
      method: 'GET',
      url: '/gnocchi/',
      headers: { host: 'h', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'example.org' },
    })
    expect(xf.json().versions[0].links[0].href).toBe('https://example.org/gnocchi/v1/')
  })

  it('ignores proxy headers unless trusted', async () => {
    const app = await buildTestApp()
    const res = await app.inject({ method: 'GET', url: '/', headers: { host: 'h', 'x-forwarded-host': 'evil' } })
    expect(res.json().versions[0].links[0].href).toBe('http://h/v1/')
  })

  it('/healthcheck: empty text, JSON on request, 204 on HEAD', async () => {
    const app = await buildTestApp()
    const text = await app.inject({ method: 'GET', url: '/healthcheck' })
    expect(text.statusCode).toBe(200)
    expect(text.body).toBe('')
    const json = await app.inject({ method: 'GET', url: '/healthcheck', headers: { accept: 'application/json' } })
    expect(json.json()).toEqual({ detailed: false, reasons: [] })
    const head = await app.inject({ method: 'HEAD', url: '/healthcheck' })
    expect(head.statusCode).toBe(204)
  })

  it('an unknown path is a 404 with a null description in JSON, HTML otherwise', async () => {
    const app = await buildTestApp()
    const json = await app.inject({ method: 'GET', url: '/nope', headers: { accept: 'application/json' } })
    expect(json.statusCode).toBe(404)
    expect(json.json()).toEqual({ code: 404, title: 'Not Found', description: null })
    const html = await app.inject({ method: 'GET', url: '/nope', headers: { accept: '*/*' } })
    expect(html.statusCode).toBe(404)
    expect(html.headers['content-type']).toMatch(/text\/html/)
    expect(html.body).toContain('<h1>404 Not Found</h1>')
  })
})
