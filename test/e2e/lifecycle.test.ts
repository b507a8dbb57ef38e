/**
 * The process lifecycle with the real server: graceful shutdown (in-flight requests finish,
 * `/healthcheck` fails while draining, the listener closes, exit 0, nothing acknowledged lost)
 * and readiness following the storage (a Redis that dies and comes back) while liveness does not.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js'
import { startServer, type ServerProcess } from '../helpers/server-process.js'

const ADMIN = { authorization: `Basic ${Buffer.from('admin:').toString('base64')}`, 'content-type': 'application/json', accept: 'application/json' }
const BASE_SECOND = 1_600_000_000

/** Start-up budget: generous, the e2e suites share a small machine with everything else. */
const START_TIMEOUT_MS = 60_000
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const servers: ServerProcess[] = []
const cleanups: (() => unknown)[] = []
afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill()))
  for (const c of cleanups) await c()
})

async function call(server: ServerProcess, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  return { status: res.status, body: text === '' || !(res.headers.get('content-type') ?? '').includes('json') ? text : (JSON.parse(text) as unknown) }
}

/** One request on a new connection (no pooling), so it tells whether new connections are accepted. */
function freshGet(server: ServerProcess, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { agent: false, headers: { connection: 'close' } }, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Whether a TCP connection to the server's port is refused. */
function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'))
  })
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns how long it took. */
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const start = Date.now()
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - start
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`)
    await sleep(50)
  }
}

const exitCode = (server: ServerProcess): Promise<number | null> =>
  server.child.exitCode !== null ? Promise.resolve(server.child.exitCode) : new Promise((resolve) => server.child.once('exit', (code) => resolve(code)))

function measuresBody(fromSecond: number, count: number): string {
  return JSON.stringify(Array.from({ length: count }, (_, i) => ({ timestamp: fromSecond + i, value: 1 })))
}

describe('graceful shutdown (embedded driver)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'polenta-lifecycle-'))
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  const env = { POLENTA_STORAGE: 'embedded', POLENTA_DATA_DIR: dataDir, POLENTA_SHUTDOWN_DELAY: '3', POLENTA_SHUTDOWN_TIMEOUT: '20' }

  it('finishes the in-flight request, fails readiness, refuses new connections, exits 0, loses nothing', async () => {
    const server = await startServer(env, START_TIMEOUT_MS)
    servers.push(server)
    await waitFor('ready', async () => (await freshGet(server, '/healthcheck')).status === 200, 10_000)
    const policy = await call(server, 'POST', '/v1/archive_policy', {
      name: 'lifecycle',
      back_window: 0,
      aggregation_methods: ['count'],
      definition: [{ granularity: '1s', points: 100_000 }],
    })
    expect(policy.status).toBe(201)
    const metric = await call(server, 'POST', '/v1/metric', { archive_policy_name: 'lifecycle' })
    expect(metric.status).toBe(201)
    const metricId = (metric.body as { id: string }).id

    // Acknowledged before the signal.
    let acknowledged = 0
    for (let batch = 0; batch < 5; batch++) {
      const res = await fetch(`${server.url}/v1/metric/${metricId}/measures`, {
        method: 'POST',
        headers: ADMIN,
        body: measuresBody(BASE_SECOND + acknowledged, 1000),
      })
      expect(res.status).toBe(202)
      acknowledged += 1000
    }

    // The in-flight request: a batch whose body is still uploading when the signal arrives.
    const slowCount = 20_000
    const slowBody = Buffer.from(measuresBody(BASE_SECOND + acknowledged, slowCount))
    const half = Math.floor(slowBody.length / 2)
    const slow = httpRequest(`${server.url}/v1/metric/${metricId}/measures`, {
      method: 'POST',
      agent: false,
      headers: { ...ADMIN, 'content-length': String(slowBody.length) },
    })
    const slowResponse = new Promise<IncomingMessage>((resolve, reject) => {
      slow.on('response', resolve)
      slow.on('error', reject)
    })
    slow.write(slowBody.subarray(0, half))
    await sleep(300)

    const signalledAt = Date.now()
    server.child.kill('SIGTERM')
    // Draining: readiness fails at once, liveness holds, new connections are still accepted
    // during the shutdown delay.
    await waitFor('/healthcheck 503', async () => {
      const res = await freshGet(server, '/healthcheck')
      return res.status === 503 && res.body === 'DRAINING'
    }, 2_500)
    expect((await freshGet(server, '/livez')).status).toBe(200)
    // After the delay the listener closes.
    await waitFor('connections refused', () => connectionRefused(server.port), 8_000)
    expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(2_900)
    expect(server.child.exitCode).toBeNull()

    // The in-flight request completes and is acknowledged.
    slow.end(slowBody.subarray(half))
    const res = await slowResponse
    res.resume()
    expect(res.statusCode).toBe(202)
    acknowledged += slowCount
    expect(await exitCode(server)).toBe(0)
    expect(server.output()).not.toMatch(/"level":5\d/)

    // Restart on the same directory: every acknowledged measure is there, the backlog drains.
    const again = await startServer(env, START_TIMEOUT_MS)
    servers.push(again)
    await waitFor('backlog 0', async () => {
      const status = await call(again, 'GET', '/v1/status')
      return (status.body as { storage: { summary: { measures: number } } }).storage.summary.measures === 0
    }, 15_000)
    const counts = await call(again, 'GET', `/v1/metric/${metricId}/measures?aggregation=count&granularity=1`)
    expect(counts.status).toBe(200)
    const rows = counts.body as [string, number, number][]
    expect(rows).toHaveLength(acknowledged)
    expect(rows.every(([, , count]) => count === 1)).toBe(true)
    expect(await again.stop(20_000)).toBe(0)
  }, 300_000)

  it('cuts a request still in flight at POLENTA_SHUTDOWN_TIMEOUT, then exits 0', async () => {
    const server = await startServer({ ...env, POLENTA_SHUTDOWN_DELAY: '0', POLENTA_SHUTDOWN_TIMEOUT: '1' }, START_TIMEOUT_MS)
    servers.push(server)
    const stuck = httpRequest(`${server.url}/v1/metric`, {
      method: 'POST',
      agent: false,
      headers: { ...ADMIN, 'content-length': '1000' },
    })
    const outcome = new Promise<string>((resolve) => {
      stuck.on('response', (res) => resolve(`answered ${res.statusCode ?? '?'}`))
      stuck.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message))
    })
    stuck.write('{"archive_policy_name":')
    await sleep(300)
    const start = Date.now()
    server.child.kill('SIGTERM')
    expect(await exitCode(server)).toBe(0)
    expect(await outcome).toMatch(/ECONNRESET|socket hang up/)
    expect(Date.now() - start).toBeGreaterThanOrEqual(900)
    expect(server.output()).toContain('requests still in flight at the shutdown timeout')
  }, 120_000)

  it('exits at once with code 1 on a second signal', async () => {
    const server = await startServer({ ...env, POLENTA_SHUTDOWN_DELAY: '30' }, START_TIMEOUT_MS)
    servers.push(server)
    server.child.kill('SIGTERM')
    await waitFor('/healthcheck 503', async () => (await freshGet(server, '/healthcheck')).status === 503, 2_000)
    const start = Date.now()
    server.child.kill('SIGINT')
    expect(await exitCode(server)).toBe(1)
    expect(Date.now() - start).toBeLessThan(5_000)
  }, 120_000)
})

describe('readiness follows the storage, liveness does not (Redis driver)', () => {
  let redis: RedisServer

  it('/healthcheck 503 within 2 s of Redis dying, 200 again once it is back; /livez 200 throughout', async () => {
    redis = await startRedisServer()
    cleanups.push(() => redis.stop())
    const server = await startServer({
      POLENTA_STORAGE: 'redis',
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      POLENTA_REDIS_PREFIX: 'lifecycle',
    }, START_TIMEOUT_MS)
    servers.push(server)
    await waitFor('ready', async () => (await freshGet(server, '/healthcheck')).status === 200, 10_000)

    await redis.kill()
    const tookMs = await waitFor('/healthcheck 503', async () => {
      const res = await freshGet(server, '/healthcheck')
      return res.status === 503 && res.body === 'STORAGE UNAVAILABLE'
    }, 2_000)
    expect(tookMs).toBeLessThanOrEqual(2_000)
    expect((await freshGet(server, '/livez')).status).toBe(200)

    await redis.restart()
    await waitFor('/healthcheck 200', async () => (await freshGet(server, '/healthcheck')).status === 200, 10_000)
    expect((await freshGet(server, '/livez')).status).toBe(200)
    expect(await server.stop(20_000)).toBe(0)
  }, 150_000)
})
