import { describe, expect, it } from 'vitest'
import { basic, sharedProbeApp } from './probe-app.js'

const ORIGIN = 'http://dashboard.example'

describe('CORS (oslo.middleware, gnocchi-rest.md §3.1)', () => {
  it('preflight from an allowed origin', async () => {
    const app = await sharedProbeApp({ corsOrigins: [ORIGIN] })
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/v1/probe/whoami',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'X-Auth-Token' },
    })
    expect(res.statusCode).toBeLessThan(300)
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN)
    expect(res.headers['access-control-allow-credentials']).toBe('true')
    expect(res.headers['access-control-max-age']).toBe('3600')
    expect(String(res.headers['access-control-allow-methods'])).toContain('GET')
    const allowed = String(res.headers['access-control-allow-headers'])
    for (const h of ['Authorization', 'X-Auth-Token', 'X-Subject-Token', 'X-User-Id', 'X-Domain-Id', 'X-Project-Id', 'X-Roles']) expect(allowed).toContain(h)
  })

  it('actual request from an allowed origin gets the origin and credentials', async () => {
    const app = await sharedProbeApp({ corsOrigins: [ORIGIN] })
    const res = await app.inject({ url: '/v1/probe/whoami', headers: { origin: ORIGIN, accept: 'application/json', authorization: basic('bob') } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN)
    expect(res.headers['access-control-allow-credentials']).toBe('true')
  })

  it.each([
    ['a non-allowed origin', { corsOrigins: [ORIGIN] }, 'http://evil.example'],
    ['no configured origin', {}, ORIGIN],
  ])('%s gets no CORS headers', async (_n, opts, origin) => {
    const app = await sharedProbeApp(opts)
    const pre = await app.inject({ method: 'OPTIONS', url: '/v1/probe/whoami', headers: { origin, 'access-control-request-method': 'GET' } })
    expect(Object.keys(pre.headers).filter((h) => h.startsWith('access-control-'))).toEqual([])
    const res = await app.inject({ url: '/v1/probe/whoami', headers: { origin, accept: 'application/json', authorization: basic('bob') } })
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([])
  })
})
