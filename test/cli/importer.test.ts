/**
 * The importer against an in-process source (the `/v1` app through `inject`) and a memory
 * target: conflicts and failures are reported and left alone, differing resources are updated,
 * sub-second granularities are skipped, and a source that cannot be listed stops the import.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type ImportSummary, runImport } from '../../src/cli/import/importer.js'
import type { ImportProgress } from '../../src/cli/import/progress.js'
import { SourceClient, SourceError } from '../../src/cli/import/source-client.js'
import { importSucceeded, renderImportSummary } from '../../src/cli/import/summary.js'
import { buildArchivePolicy } from '../../src/engine/archive-policy/index.js'
import type { IndexStore } from '../../src/storage/index-types.js'
import { openIndexStore } from '../../src/storage/index/index.js'
import { createMemoryDriver } from '../../src/storage/memory/memory-driver.js'
import type { StorageDriver } from '../../src/storage/types.js'
import { ADMIN, buildV1TestApp, type V1TestApp } from '../helpers/v1-app.js'

const OPTIONS = { includeMeasures: true, concurrency: 2, pageSize: 2, refresh: false }

/** A progress sink that remembers the notes. */
function recordingProgress(): ImportProgress & { notes: string[] } {
  const notes: string[] = []
  return { notes, note: (l) => notes.push(l), start: () => undefined, advance: () => undefined, stop: () => undefined }
}

let source: V1TestApp
let driver: StorageDriver
let index: IndexStore

/** A SourceClient whose requests go to the in-process source app. */
function client(headers: Record<string, string> = ADMIN): SourceClient {
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input))
    const res = await source.app.inject({ method: 'GET', url: `${url.pathname}${url.search}`, headers: init?.headers as Record<string, string> })
    return new Response(res.body, { status: res.statusCode })
  }) as typeof fetch
  return new SourceClient({ baseUrl: 'http://source', headers, fetch: fetchFn, backoffMs: 1 })
}

async function post(url: string, payload: unknown): Promise<Record<string, unknown>> {
  const res = await source.app.inject({ method: 'POST', url, headers: { ...ADMIN, 'content-type': 'application/json' }, payload: JSON.stringify(payload) })
  if (res.statusCode >= 400) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.body === '' ? {} : (JSON.parse(res.body) as Record<string, unknown>)
}

function importNow(progress = recordingProgress()): Promise<ImportSummary> {
  return runImport(client(), { index, series: driver.series }, OPTIONS, progress)
}

beforeEach(async () => {
  source = await buildV1TestApp()
  driver = createMemoryDriver()
  index = await openIndexStore(driver.index)
})

afterEach(async () => {
  await source.close()
  await index.close()
  await driver.close()
})

describe('runImport', () => {
  it('reports a conflicting archive policy and leaves its metrics out', async () => {
    await post('/v1/archive_policy', { name: 'p', definition: [{ granularity: '1 minute', points: 10 }], aggregation_methods: ['mean'] })
    const metric = await post('/v1/metric', { archive_policy_name: 'p' })
    await index.createArchivePolicy(buildArchivePolicy({ name: 'p', definition: [{ granularity: '1 hour', points: 10 }], aggregation_methods: ['max'] }))
    const summary = await importNow()
    expect(summary.archivePolicies).toMatchObject({ conflicts: 1, created: 0 })
    expect(summary.metrics).toMatchObject({ conflicts: 1, created: 0 })
    expect(summary.issues).toEqual([
      { kind: 'conflict', subject: 'archive policy p', message: 'the target has another definition under this name; its metrics are not imported' },
      { kind: 'conflict', subject: `metric ${String(metric.id)}`, message: 'archive policy p differs in the target' },
    ])
    expect(await index.getMetric(String(metric.id))).toBeNull()
    expect(importSucceeded(summary)).toBe(false)
    const text = renderImportSummary(summary)
    expect(text).toContain('Issues: 0 failed, 2 conflicts, 0 skipped')
    expect(text).toContain('Import incomplete')
  })

  it('updates a resource that changed in the source, without touching equal ones', async () => {
    await post('/v1/resource_type', { name: 'host', attributes: { flavor: { type: 'string', required: false } } })
    await post('/v1/resource/host', { id: 'a', flavor: 'small', user_id: 'u' })
    await post('/v1/resource/host', { id: 'b', flavor: 'small' })
    const first = await importNow()
    expect(first.resources).toMatchObject({ created: 2 })
    const res = await source.app.inject({
      method: 'PATCH',
      url: `/v1/resource/host/a`,
      headers: { ...ADMIN, 'content-type': 'application/json' },
      payload: JSON.stringify({ flavor: 'large', user_id: null }),
    })
    expect(res.statusCode).toBe(200)
    const id = (JSON.parse(res.body) as { id: string }).id
    const second = await importNow()
    expect(second.resources).toMatchObject({ created: 0, updated: 1, unchanged: 1 })
    expect((await index.getResource('host', id))!.resource).toMatchObject({ userId: null, attributes: { flavor: 'large' } })
    expect((await importNow()).resources).toMatchObject({ updated: 0, unchanged: 2 })
  })

  it('records a resource it cannot create and goes on', async () => {
    await post('/v1/resource_type', { name: 'host', attributes: { cores: { type: 'number', required: false, min: 0 } } })
    await post('/v1/resource/host', { id: 'a', cores: 4 })
    await post('/v1/resource/generic', { id: 'g' })
    // The target's `host` type holds another attribute set: the resource does not validate there.
    await index.createResourceType({ name: 'host', state: 'active', attributes: { cores: { type: 'number', required: false, min: 10, max: null } } })
    const summary = await importNow()
    expect(summary.resourceTypes).toMatchObject({ conflicts: 1 })
    expect(summary.resources).toMatchObject({ created: 1, failed: 1 })
    expect(summary.issues.find((i) => i.kind === 'failed')?.message).toMatch(/attribute cores: value must be at least 10/)
  })

  it('skips sub-second granularities, which Gnocchi cannot render exactly', async () => {
    await post('/v1/archive_policy', { name: 'fine', definition: [{ granularity: 0.5, points: 10 }, { granularity: 1, points: 10 }], aggregation_methods: ['count'] })
    const metric = await post('/v1/metric', { archive_policy_name: 'fine' })
    const measures = [{ timestamp: '2024-01-01T00:00:00', value: 1 }, { timestamp: '2024-01-01T00:00:00.600', value: 2 }]
    await post(`/v1/metric/${String(metric.id)}/measures`, measures)
    await source.services.measures.idle()
    const summary = await importNow()
    expect(summary.issues).toEqual([expect.objectContaining({ kind: 'skipped', subject: 'archive policy fine granularity 0.5s' })])
    expect(summary.measures).toMatchObject({ metrics: 1, series: 1, points: 1 })
    expect(importSucceeded(summary)).toBe(true)
  })

  it('stops when the source refuses a listing', async () => {
    const progress = recordingProgress()
    const error = await runImport(client({ accept: 'application/json' }), { index, series: driver.series }, OPTIONS, progress).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SourceError)
    expect((error as SourceError).status).toBe(401)
    expect(await index.listArchivePolicies()).toEqual([])
  })
})
