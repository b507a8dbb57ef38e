/**
 * Scale-out on one Redis (issue 4): two real API processes share a key prefix; each reads the
 * other's writes at once, and measures posted concurrently to one metric through both all arrive.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer, type ServerProcess } from '../helpers/server-process.js'
import { cleanupPrefixes, uniquePrefix } from '../helpers/redis.js'

const ADMIN = { authorization: `Basic ${Buffer.from('admin:').toString('base64')}`, 'content-type': 'application/json', accept: 'application/json' }
const PREFIX = uniquePrefix('e2e')
const servers: ServerProcess[] = []

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()))
  await cleanupPrefixes([PREFIX])
})

async function call(server: ServerProcess, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) }
}

describe('two API processes on one Redis', () => {
  it('read each other\'s writes and lose no concurrent measure', async () => {
    const env = { POLENTA_STORAGE: 'redis', POLENTA_REDIS_PREFIX: PREFIX }
    const a = await startServer(env)
    servers.push(a)
    const b = await startServer({ ...env, POLENTA_DEFAULT_ARCHIVE_POLICIES: 'false' })
    servers.push(b)

    const created = await call(a, 'POST', '/v1/resource/generic', { id: randomUUID(), project_id: 'p1' })
    expect(created.status).toBe(201)
    const resourceId = (created.body as { id: string }).id
    const seen = await call(b, 'GET', `/v1/resource/generic/${resourceId}`)
    expect(seen.status).toBe(200)
    expect((seen.body as { project_id: string }).project_id).toBe('p1')

    const metric = await call(b, 'POST', '/v1/metric', { archive_policy_name: 'high' })
    expect(metric.status).toBe(201)
    const metricId = (metric.body as { id: string }).id
    const base = 1_600_000_000
    const posts: Promise<{ status: number }>[] = []
    for (let i = 0; i < 40; i++) {
      const server = i % 2 === 0 ? a : b
      const measures = Array.from({ length: 10 }, (_, k) => ({ timestamp: base + i * 10 + k, value: 1 }))
      posts.push(call(server, 'POST', `/v1/metric/${metricId}/measures`, measures))
    }
    expect((await Promise.all(posts)).map((r) => r.status)).toEqual(Array(40).fill(202))

    for (const server of [a, b]) {
      const read = await call(server, 'GET', `/v1/metric/${metricId}/measures?aggregation=count&granularity=1`)
      expect(read.status).toBe(200)
      const rows = read.body as [string, number, number][]
      expect(rows).toHaveLength(400)
      expect(rows.every(([, , c]) => c === 1)).toBe(true)
    }
  }, 60_000)
})
