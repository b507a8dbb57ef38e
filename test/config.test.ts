import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.js'

describe('loadConfig (architecture.md §7)', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({})
    expect(c.port).toBe(8041)
    expect(c.host).toBe('127.0.0.1')
    expect(c.storage.kind).toBe('embedded')
    expect(c.storage.dataDir).toBe('./data')
    expect(c.auth.mode).toBe('basic')
    expect(c.maxLimit).toBe(1000)
    expect(c.defaultArchivePolicies).toBe(true)
  })

  it('reads the score-gabbi variables', () => {
    const c = loadConfig({
      PORT: '18041', POLENTA_STORAGE: 'memory', POLENTA_BASE_PATH: '/gnocchi', POLENTA_MAX_LIMIT: '7',
      POLENTA_DEFAULT_ARCHIVE_POLICIES: 'false', POLENTA_CORS_ORIGINS: 'http://foobar.com', POLENTA_TRUST_PROXY: 'true',
    })
    expect(c.port).toBe(18041)
    expect(c.storage.kind).toBe('memory')
    expect(c.basePath).toBe('/gnocchi')
    expect(c.maxLimit).toBe(7)
    expect(c.defaultArchivePolicies).toBe(false)
    expect(c.corsOrigins).toEqual(['http://foobar.com'])
    expect(c.trustProxy).toBe(true)
  })

  it('reads the self-monitoring switches: /metrics on and public by default', () => {
    expect(loadConfig({}).metrics).toEqual({ enabled: true, requireAdmin: false })
    expect(loadConfig({ POLENTA_METRICS: 'false', POLENTA_METRICS_AUTH: 'true' }).metrics).toEqual({ enabled: false, requireAdmin: true })
    expect(() => loadConfig({ POLENTA_METRICS: 'maybe' })).toThrow(/POLENTA_METRICS/)
  })

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ POLENTA_STORAGE: 'postgres' }, /POLENTA_STORAGE/],
    [{ POLENTA_AUTH: 'jwt' }, /POLENTA_JWT_SECRET/],
    [{ POLENTA_BASE_PATH: 'gnocchi/' }, /POLENTA_BASE_PATH/],
  ])('rejects %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message)
  })
})
