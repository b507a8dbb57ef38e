import { describe, expect, it } from 'vitest'
import { NOT_READY_REASONS, Readiness, STORAGE_PROBE_CACHE_MS } from '../../src/http/lifecycle.js'
import { buildTestApp } from '../helpers/app.js'
import { buildV1TestApp } from '../helpers/v1-app.js'

/** A storage probe whose answer the test sets, counting its calls. */
function fakeProbe(initial = true): { probe: () => Promise<boolean>; set(healthy: boolean): void; readonly calls: number } {
  let healthy = initial
  let calls = 0
  return {
    probe: async () => {
      calls++
      return healthy
    },
    set: (h) => {
      healthy = h
    },
    get calls() {
      return calls
    },
  }
}

describe('Readiness', () => {
  it('goes starting → ready → draining, and never back', async () => {
    const r = new Readiness({ phase: 'starting' })
    expect(r.phase).toBe('starting')
    expect(await r.notReadyReasons()).toEqual([NOT_READY_REASONS.starting])
    r.markReady()
    expect(r.phase).toBe('ready')
    expect(await r.notReadyReasons()).toEqual([])
    r.startDraining()
    r.markReady()
    expect(r.phase).toBe('draining')
    expect(await r.notReadyReasons()).toEqual([NOT_READY_REASONS.draining])
  })

  it('reuses a probe answer for one second, then probes again', async () => {
    let now = 1_000_000
    const storage = fakeProbe()
    const r = new Readiness({ probeStorage: storage.probe, now: () => now })
    expect(await r.storageHealthy()).toBe(true)
    storage.set(false)
    now += STORAGE_PROBE_CACHE_MS - 1
    expect(await r.storageHealthy()).toBe(true)
    expect(storage.calls).toBe(1)
    now += 1
    expect(await r.storageHealthy()).toBe(false)
    expect(storage.calls).toBe(2)
    expect(await r.notReadyReasons()).toEqual([NOT_READY_REASONS.storage])
  })

  it('shares one probe among concurrent callers', async () => {
    let release: (healthy: boolean) => void = () => undefined
    let calls = 0
    const r = new Readiness({
      probeStorage: () => {
        calls++
        return new Promise<boolean>((resolve) => (release = resolve))
      },
    })
    const answers = Promise.all([r.storageHealthy(), r.storageHealthy(), r.storageHealthy()])
    release(true)
    expect(await answers).toEqual([true, true, true])
    expect(calls).toBe(1)
  })

  it('counts a failing or hanging probe as unhealthy', async () => {
    const failing = new Readiness({ probeStorage: () => Promise.reject(new Error('ECONNREFUSED')) })
    expect(await failing.storageHealthy()).toBe(false)
    const hanging = new Readiness({ probeStorage: () => new Promise<boolean>(() => undefined), probeTimeoutMs: 20 })
    expect(await hanging.storageHealthy()).toBe(false)
  })

  it('does not probe a draining process', async () => {
    const storage = fakeProbe(false)
    const r = new Readiness({ probeStorage: storage.probe })
    r.startDraining()
    expect(await r.notReadyReasons()).toEqual([NOT_READY_REASONS.draining])
    expect(storage.calls).toBe(0)
  })
})

describe('/healthcheck (readiness)', () => {
  it('keeps the oslo shapes when ready: 200 empty text, JSON reasons, 204 on HEAD', async () => {
    const app = await buildTestApp({ readiness: new Readiness() })
    const text = await app.inject({ url: '/healthcheck' })
    expect([text.statusCode, text.body]).toEqual([200, ''])
    const json = await app.inject({ url: '/healthcheck', headers: { accept: 'application/json' } })
    expect(json.json()).toEqual({ detailed: false, reasons: [] })
    expect((await app.inject({ method: 'HEAD', url: '/healthcheck' })).statusCode).toBe(204)
  })

  it.each([
    ['starting', () => new Readiness({ phase: 'starting' }), 'STARTING'],
    ['draining', () => {
      const r = new Readiness()
      r.startDraining()
      return r
    }, 'DRAINING'],
    ['storage down', () => new Readiness({ probeStorage: async () => false }), 'STORAGE UNAVAILABLE'],
  ])('answers 503 when %s, in every shape', async (_what, readiness, reason) => {
    const app = await buildTestApp({ readiness: readiness() })
    const text = await app.inject({ url: '/healthcheck' })
    expect(text.statusCode).toBe(503)
    expect(text.headers['content-type']).toMatch(/^text\/plain/)
    expect(text.body).toBe(reason)
    const json = await app.inject({ url: '/healthcheck', headers: { accept: 'application/json' } })
    expect(json.statusCode).toBe(503)
    expect(json.json()).toEqual({ detailed: false, reasons: [reason] })
    expect((await app.inject({ method: 'HEAD', url: '/healthcheck' })).statusCode).toBe(503)
  })

  it('lists every reason that applies', async () => {
    const app = await buildTestApp({ readiness: new Readiness({ phase: 'starting', probeStorage: async () => false }) })
    const json = await app.inject({ url: '/healthcheck', headers: { accept: 'application/json' } })
    expect(json.json()).toEqual({ detailed: false, reasons: ['STARTING', 'STORAGE UNAVAILABLE'] })
  })

  it('follows the phase as it changes', async () => {
    const readiness = new Readiness({ phase: 'starting' })
    const app = await buildTestApp({ readiness })
    expect((await app.inject({ url: '/healthcheck' })).statusCode).toBe(503)
    readiness.markReady()
    expect((await app.inject({ url: '/healthcheck' })).statusCode).toBe(200)
    readiness.startDraining()
    expect((await app.inject({ url: '/healthcheck' })).statusCode).toBe(503)
  })

  it("probes the services' driver by default", async () => {
    const healthy = await buildV1TestApp()
    const down = await buildV1TestApp()
    try {
      down.services.driver.isHealthy = async () => false
      expect((await healthy.app.inject({ url: '/healthcheck' })).statusCode).toBe(200)
      const res = await down.app.inject({ url: '/healthcheck' })
      expect([res.statusCode, res.body]).toEqual([503, 'STORAGE UNAVAILABLE'])
    } finally {
      await healthy.close()
      await down.close()
    }
  })
})

describe('/livez (liveness)', () => {
  it('answers 200 whatever the readiness, storage and Accept, without credentials', async () => {
    const readiness = new Readiness({ phase: 'starting', probeStorage: async () => false })
    const app = await buildTestApp({ readiness })
    for (const accept of [undefined, 'application/json', 'application/xml', 'text/html']) {
      const res = await app.inject({ url: '/livez', headers: accept === undefined ? {} : { accept } })
      expect([res.statusCode, res.body]).toEqual([200, 'OK'])
    }
    readiness.startDraining()
    expect((await app.inject({ method: 'HEAD', url: '/livez' })).statusCode).toBe(200)
    expect((await app.inject({ method: 'POST', url: '/livez' })).statusCode).toBe(405)
  })

  it('lives under the base path like the other root routes', async () => {
    const app = await buildTestApp({ basePath: '/gnocchi' })
    expect((await app.inject({ url: '/gnocchi/livez' })).statusCode).toBe(200)
  })
})
