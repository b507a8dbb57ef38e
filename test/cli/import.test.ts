/**
 * `polenta import` end to end (`npm run build` first): a source Polenta server is populated over
 * HTTP (custom archive policy with several methods and granularities, a custom resource type,
 * resources with attributes, metrics with measures spanning several splits), imported with
 * `node dist/cli.js import` into an embedded data directory, and a server started on that
 * directory must answer exactly what the source answers: policies, rules, types, resources,
 * metrics, the measures of every (method, granularity), a resample and `/v1/aggregates`.
 * A second import changes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli-process.js'
import { startServer, type ServerProcess } from '../helpers/server-process.js'

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' }
const ADMIN = { ...JSON_HEADERS, authorization: `Basic ${Buffer.from('admin:').toString('base64')}` }
const FOOBAR = { ...JSON_HEADERS, authorization: `Basic ${Buffer.from('foobar:').toString('base64')}` }
/** Not aligned on an hour, so the one-second series covers four 3600-bucket splits. */
const T0 = 1_700_000_123
const METHODS = ['mean', 'max', 'min', 'sum', 'count', 'last', 'std', 'median', '95pct', 'rate:mean']

const dataDir = mkdtempSync(join(tmpdir(), 'polenta-import-'))
let source: ServerProcess
let target: ServerProcess | null = null

async function call(server: ServerProcess, method: string, path: string, body?: unknown, headers = ADMIN): Promise<{ status: number; text: string; json: unknown }> {
  const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  let json: unknown = null
  try {
    json = JSON.parse(text)
  } catch {
    // NaN tokens or an empty body: compare the text
  }
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return { status: res.status, text, json }
}

/** Measures every 5 s for 3 hours, a slow wave with decimals. */
function measures(seed: number): { timestamp: number; value: number }[] {
  return Array.from({ length: 2160 }, (_, i) => ({ timestamp: T0 + i * 5, value: Math.round((Math.sin(i / 50 + seed) * 100 + seed) * 1000) / 1000 }))
}

async function populate(server: ServerProcess): Promise<void> {
  await call(server, 'POST', '/v1/archive_policy', {
    name: 'imp',
    back_window: 0,
    aggregation_methods: METHODS,
    definition: [
      { granularity: '1s', points: 14_400 },
      { granularity: '1 minute', points: 1440 },
      { granularity: '1 hour', timespan: '30 days' },
    ],
  })
  await call(server, 'POST', '/v1/archive_policy_rule', { name: 'imp-disks', metric_pattern: 'disk.*', archive_policy_name: 'imp' })
  await call(server, 'POST', '/v1/resource_type', {
    name: 'imphost',
    attributes: {
      flavor: { type: 'string', required: false, max_length: 32 },
      cores: { type: 'number', required: false, min: 0 },
      enabled: { type: 'bool', required: false },
      born: { type: 'datetime', required: false },
      parent: { type: 'uuid', required: false },
    },
  })
  await call(server, 'POST', '/v1/resource/imphost', {
    id: 'host1',
    user_id: 'u1',
    project_id: 'p1',
    flavor: 'm1.small',
    cores: 4,
    enabled: true,
    born: '2020-01-02T03:04:05.123456+00:00',
    parent: 'D2A3C1B4-0000-4000-8000-00000000000A',
    metrics: { cpu: { archive_policy_name: 'imp' }, mem: { archive_policy_name: 'imp', unit: 'B' }, 'disk.io': {} },
  })
  // A second revision: history is not imported, the current state is.
  await call(server, 'PATCH', `/v1/resource/imphost/host1`, { flavor: 'm1.large' })
  await call(server, 'POST', '/v1/resource/imphost', {
    id: '6f1e3d2c-1111-4222-8333-444455556666',
    started_at: '2023-01-01T00:00:00+00:00',
    ended_at: '2024-06-30T12:00:00+00:00',
    cores: 2.5,
    metrics: { cpu: { archive_policy_name: 'imp' } },
  })
  await call(server, 'POST', '/v1/resource/generic', { id: 'gen-by-foobar', metrics: { load: {} } }, FOOBAR)
  const standalone = (await call(server, 'POST', '/v1/metric', { archive_policy_name: 'imp', name: 'standalone', unit: 'ms' })).json as { id: string }
  await call(server, 'POST', '/v1/metric', { archive_policy_name: 'medium' })
  const resources = (await call(server, 'GET', '/v1/resource/generic?sort=id:asc')).json as { metrics: Record<string, string> }[]
  const batch: Record<string, { timestamp: number; value: number }[]> = { [standalone.id]: measures(7) }
  let seed = 0
  for (const r of resources) for (const id of Object.values(r.metrics)) batch[id] = measures(seed++)
  const posted = await fetch(`${server.url}/v1/batch/metrics/measures`, { method: 'POST', headers: ADMIN, body: JSON.stringify(batch) })
  expect(posted.status).toBe(202)
}

interface ImportSummaryJson {
  archivePolicies: Record<string, number>
  archivePolicyRules: Record<string, number>
  resourceTypes: Record<string, number>
  resources: Record<string, number>
  metrics: Record<string, number>
  measures: { metrics: number; series: number; points: number; failed: number }
  issues: unknown[]
}

async function runImport(): Promise<ImportSummaryJson> {
  const r = await runCli(
    ['import', '--from', source.url, '--user', 'admin', '--storage', 'embedded', '--data-dir', dataDir, '--concurrency', '3', '--page-size', '2', '--json'],
    {},
    240_000,
  )
  if (r.code !== 0) throw new Error(`import exited with ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`)
  return JSON.parse(r.stdout) as ImportSummaryJson
}

/** A resource without `revision_start`: the import time, not the source's. */
function withoutRevisionStart(r: Record<string, unknown>): Record<string, unknown> {
  const { revision_start: _ignored, ...rest } = r
  return rest
}

let first: ImportSummaryJson

interface MetricJson {
  readonly id: string
  readonly archive_policy: { readonly name: string; readonly aggregation_methods: string[]; readonly definition: { readonly granularity: string }[] }
}

/** The metrics on the custom policy (the others are on the default `low` and `medium`). */
const impMetrics = (metrics: readonly MetricJson[]): MetricJson[] => metrics.filter((m) => m.archive_policy.name === 'imp')

/** `1:00:00` → 3600 (the policies here have no durations of a day or more). */
function clockSeconds(text: string): number {
  const [h, m, s] = text.split(':').map(Number)
  return h! * 3600 + m! * 60 + s!
}

beforeAll(async () => {
  source = await startServer({ POLENTA_STORAGE: 'memory' }, 60_000)
  await populate(source)
  first = await runImport()
  target = await startServer({ POLENTA_STORAGE: 'embedded', POLENTA_DATA_DIR: dataDir }, 60_000)
}, 300_000)

afterAll(async () => {
  await source?.stop()
  await target?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('polenta import from a Polenta source', { timeout: 240_000 }, () => {
  it('reports what it created', () => {
    expect(first.issues).toEqual([])
    expect(first.archivePolicies).toMatchObject({ created: 5, conflicts: 0, failed: 0 })
    expect(first.archivePolicyRules).toMatchObject({ created: 2, failed: 0 })
    expect(first.resourceTypes.created).toBeGreaterThanOrEqual(1)
    expect(first.resources).toMatchObject({ created: 3, failed: 0, conflicts: 0 })
    expect(first.metrics).toMatchObject({ created: 7, failed: 0, conflicts: 0 })
    expect(first.measures.metrics).toBe(7)
    expect(first.measures.points).toBeGreaterThan(6 * 2160)
  })

  it('carries archive policies, rules and resource types over unchanged', async () => {
    for (const path of ['/v1/archive_policy', '/v1/archive_policy_rule', '/v1/resource_type']) {
      const sort = (items: unknown): unknown[] => (items as { name: string }[]).slice().sort((a, b) => a.name.localeCompare(b.name))
      expect(sort((await call(target!, 'GET', path)).json), path).toEqual(sort((await call(source, 'GET', path)).json))
    }
  })

  it('carries resources over with ids, original ids, creators, times and attributes', async () => {
    const path = '/v1/resource/generic?details=true&sort=id:asc'
    const want = ((await call(source, 'GET', path)).json as Record<string, unknown>[]).map(withoutRevisionStart)
    const got = ((await call(target!, 'GET', path)).json as Record<string, unknown>[]).map(withoutRevisionStart)
    expect(want).toHaveLength(3)
    expect(got).toEqual(want)
    const host1 = want.find((r) => r.original_resource_id === 'host1')!
    expect(host1).toMatchObject({ flavor: 'm1.large', cores: 4, enabled: true, parent: 'd2a3c1b4-0000-4000-8000-00000000000a' })
  })

  it('carries metrics over with ids, names, units, policies, resources and creators', async () => {
    const want = (await call(source, 'GET', '/v1/metric?sort=id:asc')).json as { id: string }[]
    expect(want).toHaveLength(7)
    expect((await call(target!, 'GET', '/v1/metric?sort=id:asc')).json).toEqual(want)
    for (const m of want) {
      const strip = (j: unknown): unknown => {
        const o = j as { resource: Record<string, unknown> | null }
        return { ...o, resource: o.resource === null ? null : withoutRevisionStart(o.resource) }
      }
      expect(strip((await call(target!, 'GET', `/v1/metric/${m.id}`)).json)).toEqual(strip((await call(source, 'GET', `/v1/metric/${m.id}`)).json))
    }
  })

  it('answers the measures of every (method, granularity) exactly as the source', async () => {
    const metrics = (await call(source, 'GET', '/v1/metric?sort=id:asc')).json as MetricJson[]
    let compared = 0
    let withData = 0
    for (const m of metrics) {
      for (const method of m.archive_policy.aggregation_methods) {
        const q = `aggregation=${encodeURIComponent(method)}`
        const all = await call(source, 'GET', `/v1/metric/${m.id}/measures?${q}`)
        expect((await call(target!, 'GET', `/v1/metric/${m.id}/measures?${q}`)).text).toBe(all.text)
        for (const d of m.archive_policy.definition) {
          const path = `/v1/metric/${m.id}/measures?${q}&granularity=${clockSeconds(d.granularity)}`
          const want = await call(source, 'GET', path)
          expect((await call(target!, 'GET', path)).text, path).toBe(want.text)
          compared++
          if ((want.json as unknown[]).length > 0) withData++
        }
      }
    }
    // 5 metrics on `imp` (10 methods × 3 granularities), 1 on `low` (6 × 1), 1 on `medium` (6 × 2).
    expect(compared).toBe(5 * 30 + 6 + 12)
    // All with measures but std at 1 s (one measure per bucket) and the measure-less `medium` metric.
    expect(withData).toBe(5 * 29 + 6)
    const cpu = impMetrics(metrics)[0]!.id
    const resampled = `/v1/metric/${cpu}/measures?aggregation=mean&granularity=60&resample=600&start=${T0 + 1000}&stop=${T0 + 9000}`
    expect((await call(target!, 'GET', resampled)).text).toBe((await call(source, 'GET', resampled)).text)
  })

  it('answers /v1/aggregates exactly as the source', async () => {
    const [a, b, c] = impMetrics((await call(source, 'GET', '/v1/metric?sort=id:asc')).json as MetricJson[])
    const queries = [
      { path: '/v1/aggregates?groupby=flavor', body: { resource_type: 'imphost', search: { '>=': { cores: 0 } }, operations: '(aggregate sum (metric cpu mean))' } },
      { path: '/v1/aggregates', body: { operations: `(* 2 (aggregate mean (metric (${a!.id} max) (${b!.id} max))))` } },
      { path: '/v1/aggregates?granularity=60&fill=0', body: { operations: `(rolling sum 3 (metric ${c!.id} rate:mean))` } },
    ]
    for (const q of queries) {
      const want = await call(source, 'POST', q.path, q.body)
      expect(want.text.length).toBeGreaterThan(100)
      expect((await call(target!, 'POST', q.path, q.body)).text, q.body.operations).toBe(want.text)
    }
  })

  it('changes nothing when run again', async () => {
    await target!.stop()
    target = null
    const second = await runImport()
    expect(second.issues).toEqual([])
    for (const kind of ['archivePolicies', 'archivePolicyRules', 'resourceTypes', 'resources', 'metrics'] as const) {
      expect(second[kind], kind).toMatchObject({ created: 0, updated: 0, conflicts: 0, failed: 0, unchanged: first[kind].created })
    }
    expect(second.measures).toEqual(first.measures)
    target = await startServer({ POLENTA_STORAGE: 'embedded', POLENTA_DATA_DIR: dataDir }, 60_000)
    const path = '/v1/resource/generic?details=true&sort=id:asc&history=true'
    // One revision per resource: neither import made a new one.
    expect(((await call(target, 'GET', path)).json as unknown[]).length).toBe(3)
    const m = impMetrics((await call(source, 'GET', '/v1/metric?sort=id:asc')).json as MetricJson[])[0]!.id
    const measuresPath = `/v1/metric/${m}/measures?aggregation=95pct&granularity=1`
    expect((await call(target, 'GET', measuresPath)).text).toBe((await call(source, 'GET', measuresPath)).text)
  })
})
