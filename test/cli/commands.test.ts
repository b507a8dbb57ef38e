/**
 * The built command line end to end (`node dist/cli.js`, run `npm run build` first): help and
 * usage errors, `token`, `check` against embedded, Redis and an unreachable Redis, and `serve`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createVerifier } from 'fast-jwt'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli, spawnCli } from '../helpers/cli-process.js'
import { cleanupPrefixes, uniquePrefix, TEST_REDIS_URL } from '../helpers/redis.js'
import { freePort } from '../helpers/server-process.js'

const ADMIN = { authorization: `Basic ${Buffer.from('admin:').toString('base64')}`, 'content-type': 'application/json' }
const dirs: string[] = []
const prefixes: string[] = []

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'polenta-cli-'))
  dirs.push(d)
  return d
}

afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
  await cleanupPrefixes(prefixes)
})

// Every case starts at least one Node process; a busy 2-core machine needs the room.
const SLOW = { timeout: 120_000 }

/** Runs `serve` with `args`, waits for it to answer `GET <readyPath>`, calls `fn`, then stops it with SIGTERM. */
async function withServe(args: string[], fn: (url: string) => Promise<void>, readyPath = '/'): Promise<void> {
  const port = await freePort()
  const child = spawnCli(['serve', '--port', String(port), '--host', '127.0.0.1', '--log-level', 'warn', ...args])
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  const url = `http://127.0.0.1:${port}`
  try {
    const deadline = Date.now() + 30_000
    for (;;) {
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}: ${output}`)
      const ok = await fetch(`${url}${readyPath}`).then((r) => r.ok, () => false)
      if (ok) break
      if (Date.now() > deadline) throw new Error(`serve did not answer: ${output}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    await fn(url)
  } finally {
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
}

describe('polenta help and usage', SLOW, () => {
  it('lists the commands with --help on stdout, exit 0', async () => {
    const r = await runCli(['--help'])
    expect(r.code).toBe(0)
    for (const c of ['serve', 'token', 'check', 'import']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'))
    expect(r.stderr).toBe('')
  })

  it('answers an unknown command and no command with the usage on stderr, exit 2', async () => {
    const unknown = await runCli(['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.stdout).toBe('')
    expect(unknown.stderr).toContain('unknown command "frobnicate"')
    expect(unknown.stderr).toContain('usage: polenta <command>')
    const none = await runCli([])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('usage: polenta <command>')
  })

  it("shows a command's options with <command> --help", async () => {
    const token = await runCli(['token', '--help'])
    expect(token.code).toBe(0)
    for (const flag of ['--user', '--project', '--roles', '--ttl', '--private-key']) expect(token.stdout).toContain(flag)
    const serve = await runCli(['serve', '--help'])
    for (const flag of ['--port', '--host', '--storage', '--data-dir', '--redis-url', '--redis-cluster', '--redis-prefix', '--auth', '--base-path', '--log-level', '--set']) {
      expect(serve.stdout).toContain(flag)
    }
    const help = await runCli(['help', 'import'])
    expect(help.stdout).toContain('--include-measures')
  })

  it('reports an unknown option with the command usage, exit 2', async () => {
    const r = await runCli(['check', '--bogus'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("Unknown option '--bogus'")
    expect(r.stderr).toContain('usage: polenta check')
  })
})

describe('polenta token', SLOW, () => {
  it('mints a JWT with the configured secret carrying user, project, roles and expiry', async () => {
    const r = await runCli(['token', '--user', 'u1', '--project', 'p1', '--roles', 'admin, reader', '--ttl', '120'], { POLENTA_JWT_SECRET: 'cli-secret' })
    expect(r.code).toBe(0)
    const claims = createVerifier({ key: 'cli-secret', algorithms: ['HS256'] })(r.stdout.trim()) as Record<string, unknown>
    expect(claims).toMatchObject({ sub: 'u1', project_id: 'p1', roles: ['admin', 'reader'] })
    expect((claims.exp as number) - (claims.iat as number)).toBe(120)
  })

  it('refuses a missing user or secret, exit 2', async () => {
    expect((await runCli(['token'], { POLENTA_JWT_SECRET: 's' })).code).toBe(2)
    const noSecret = await runCli(['token', '--user', 'u'])
    expect(noSecret.code).toBe(2)
    expect(noSecret.stderr).toContain('POLENTA_JWT_SECRET is not set')
  })
})

describe('polenta check', SLOW, () => {
  it('lists every invalid variable, exit 2', async () => {
    const r = await runCli(['check', '--port', '99999'], { POLENTA_STORAGE: 'disk', POLENTA_MAX_LIMIT: 'lots' })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('PORT must be <= 65535')
    expect(r.stderr).toContain('POLENTA_STORAGE must be equal to one of the allowed values')
    expect(r.stderr).toContain('POLENTA_MAX_LIMIT must be integer')
    const json = await runCli(['check', '--json', '--port', '99999'])
    expect(json.code).toBe(2)
    expect(JSON.parse(json.stdout)).toEqual({ healthy: false, config_errors: ['PORT must be <= 65535'] })
  })

  it('describes an embedded directory without a store and creates nothing', async () => {
    const dir = join(tempDir(), 'not-yet')
    const r = await runCli(['check', '--json', '--storage', 'embedded', '--data-dir', dir])
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout) as { healthy: boolean; storage: { embedded: { exists: boolean }; counts: unknown } }
    expect(report.healthy).toBe(true)
    expect(report.storage.embedded.exists).toBe(false)
    expect(report.storage.counts).toBeNull()
    const again = await runCli(['check', '--storage', 'embedded', '--data-dir', dir])
    expect(again.stdout).toContain('does not exist')
    expect(existsSync(dir)).toBe(false)
  })

  it('serves an embedded store, then reports its size and contents', async () => {
    const dir = tempDir()
    await withServe(['--storage', 'embedded', '--data-dir', dir], async (url) => {
      const res = await fetch(`${url}/v1/metric`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ archive_policy_name: 'low' }) })
      expect(res.status).toBe(201)
    })
    const r = await runCli(['check', '--json', '--set', 'POLENTA_STORAGE=embedded', '--data-dir', dir], { POLENTA_JWT_SECRET: 'do-not-print' })
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain('do-not-print')
    const report = JSON.parse(r.stdout) as {
      healthy: boolean
      config: Record<string, unknown>
      storage: { kind: string; embedded: { dataDir: string; sizeBytes: number }; counts: Record<string, number>; backlog: Record<string, number> }
    }
    expect(report.healthy).toBe(true)
    expect(report.config.jwt_secret).toBe('***')
    expect(report.storage.kind).toBe('embedded')
    expect(report.storage.embedded.dataDir).toBe(dir)
    expect(report.storage.embedded.sizeBytes).toBeGreaterThan(0)
    expect(report.storage.counts).toMatchObject({ archive_policies: 4, archive_policy_rules: 1, resources: 0, metrics: 1 })
    expect(report.storage.backlog).toEqual({ metrics: 0, measures: 0 })
    const text = await runCli(['check', '--storage', 'embedded', '--data-dir', dir])
    expect(text.stdout).toMatch(/archive policies\s+4/)
    expect(text.stdout).toContain('OK: storage reachable')
  })

  it('reports the Redis server, its mode and AOF setting', async () => {
    const prefix = uniquePrefix('cli-check')
    prefixes.push(prefix)
    const r = await runCli(['check', '--json', '--storage', 'redis', '--redis-url', TEST_REDIS_URL, '--redis-prefix', prefix])
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout) as { storage: { redis: { mode: string; nodes: { version: string; aof: boolean | null }[] }; counts: Record<string, number> } }
    expect(report.storage.redis.mode).toBe('standalone')
    expect(report.storage.redis.nodes[0]!.version).toMatch(/^\d+\.\d+/)
    expect(typeof report.storage.redis.nodes[0]!.aof).toBe('boolean')
    expect(report.storage.counts).toMatchObject({ archive_policies: 0, resources: 0, metrics: 0 })
    const text = await runCli(['check', '--storage', 'redis', '--redis-url', TEST_REDIS_URL, '--redis-prefix', prefix])
    expect(text.stdout).toMatch(/version \d+\.\d+.*, mode standalone, AOF (on|off)/)
  })

  it('fails with exit 1 and says why when Redis is unreachable', async () => {
    const port = await freePort()
    const r = await runCli(['check', '--storage', 'redis', '--redis-url', `redis://:hunter2@127.0.0.1:${port}`])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`FAILED: cannot use redis storage: Redis redis://:***@127.0.0.1:${port} is unreachable: connect ECONNREFUSED`)
    expect(r.stdout).not.toContain('hunter2')
  })
})

describe('polenta serve', SLOW, () => {
  it('serves HTTP on the port and storage the flags give, under the base path', async () => {
    await withServe(['--storage', 'memory', '--base-path', '/gnocchi', '--set', 'POLENTA_MAX_LIMIT=3'], async (url) => {
      const res = await fetch(`${url}/gnocchi/v1/archive_policy`, { headers: ADMIN })
      expect(res.status).toBe(200)
      expect(((await res.json()) as { name: string }[]).map((p) => p.name).sort()).toEqual(['bool', 'high', 'low', 'medium'])
      // POLENTA_MAX_LIMIT=3 from --set: a listing stops at 3 items.
      for (let i = 0; i < 4; i++) {
        expect((await fetch(`${url}/gnocchi/v1/metric`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ archive_policy_name: 'low' }) })).status).toBe(201)
      }
      expect(((await (await fetch(`${url}/gnocchi/v1/metric`, { headers: ADMIN })).json()) as unknown[]).length).toBe(3)
    }, '/gnocchi/')
  })
})

describe('polenta import errors', SLOW, () => {
  it('requires --from and a valid combination of flags, exit 2', async () => {
    const noFrom = await runCli(['import', '--storage', 'memory'])
    expect(noFrom.code).toBe(2)
    expect(noFrom.stderr).toContain('--from is required')
    const both = await runCli(['import', '--from', 'http://x', '--user', 'admin', '--token', 't', '--storage', 'memory'])
    expect(both.code).toBe(2)
    expect(both.stderr).toContain('give --user or --token, not both')
    const badHeader = await runCli(['import', '--from', 'http://x', '--header', 'nocolon', '--storage', 'memory'])
    expect(badHeader.stderr).toContain('--header expects "Name: value"')
  })

  it('fails with exit 1 when the source cannot be reached, after retrying', async () => {
    const port = await freePort()
    const dir = tempDir()
    const r = await runCli(['import', '--from', `http://127.0.0.1:${port}`, '--user', 'admin', '--storage', 'embedded', '--data-dir', dir])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`cannot read the source: GET http://127.0.0.1:${port}/v1/archive_policy: failed 5 times`)
    expect(r.stderr).toContain('ECONNREFUSED')
  })
})
