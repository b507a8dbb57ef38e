import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createStorageDriver, type StorageConfig } from '../../src/storage/create-driver.js'
import { TEST_REDIS_URL, cleanupPrefixes, uniquePrefix } from '../helpers/redis.js'

const base = mkdtempSync(join(tmpdir(), 'polenta-factory-'))
const prefix = uniquePrefix('factory')
afterAll(async () => {
  rmSync(base, { recursive: true, force: true })
  await cleanupPrefixes([prefix])
})

const config = (kind: StorageConfig['kind']): StorageConfig => ({
  kind,
  dataDir: join(base, kind),
  redisUrl: TEST_REDIS_URL,
  redisCluster: null,
  redisPrefix: prefix,
})

describe('createStorageDriver', () => {
  it.each(['memory', 'embedded', 'redis'] as const)('opens a working %s driver', async (kind) => {
    const d = await createStorageDriver(config(kind))
    try {
      expect(d.kind).toBe(kind)
      expect(await d.isHealthy()).toBe(true)
      await d.index.commit([{ op: 'put', kind: 'metric', key: 'factory', value: { ok: true } }])
      expect(await d.index.loadAll()).toEqual([{ kind: 'metric', key: 'factory', value: { ok: true } }])
      await d.series.appendIncoming([{ metricId: 'm', batch: { timesUs: Float64Array.of(1), values: Float64Array.of(2) } }])
      expect(await d.series.incomingBacklog()).toEqual({ metrics: 1, measures: 1 })
      expect(Array.isArray(await d.startupWarnings())).toBe(true)
    } finally {
      await d.close()
    }
  })

  it('warns that the memory driver keeps nothing', async () => {
    const d = await createStorageDriver(config('memory'))
    expect(await d.startupWarnings()).toEqual([expect.stringContaining('lost when the process stops')])
  })

  it('reports an embedded data directory it cannot use', async () => {
    const file = join(base, 'a-file')
    writeFileSync(file, 'x')
    await expect(createStorageDriver({ ...config('embedded'), dataDir: join(file, 'data') })).rejects.toThrow(/Cannot create data directory/)
  })
})
