/**
 * What `polenta check` finds in the configured storage, read without writing anything: the
 * driver is opened alone (no seeding of default policies, no processing of queued measures),
 * the index is loaded and counted, and the incoming backlog is measured. An embedded data
 * directory that holds no store yet is described, not created.
 */
import { existsSync, lstatSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Config, StorageKind } from '../../config.js'
import { createStorageDriver } from '../../storage/create-driver.js'
import { DATA_FILE } from '../../storage/embedded/embedded-store.js'
import { openIndexStore } from '../../storage/index/index.js'
import { maskRedisUrl } from './config-summary.js'
import { type RedisInfo, probeRedis } from './redis-info.js'

/** The embedded data directory. */
export interface EmbeddedInfo {
  /** Absolute path. */
  readonly dataDir: string
  readonly exists: boolean
  /** True when the directory holds a store (`polenta.mdb`). */
  readonly hasStore: boolean
  /** Bytes of every file under the directory. */
  readonly sizeBytes: number
}

/** Objects in the index. */
export interface IndexCounts {
  readonly archive_policies: number
  readonly archive_policy_rules: number
  readonly resource_types: number
  readonly resources: number
  readonly metrics: number
}

/** Everything `check` reports about the storage. */
export interface StorageReport {
  readonly kind: StorageKind
  readonly embedded: EmbeddedInfo | null
  readonly redis: RedisInfo | null
  /** Null when there is no store to count (an embedded directory not created yet). */
  readonly counts: IndexCounts | null
  /** Metrics with queued measures and the number of queued batches; null as for counts. */
  readonly backlog: { readonly metrics: number; readonly measures: number } | null
  /** The driver's start-up warnings and notes about what was not checked. */
  readonly notes: readonly string[]
}

/** Total size of the files under `dir` (symbolic links not followed). */
export function directorySize(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) total += directorySize(path)
    else total += lstatSync(path).size
  }
  return total
}

function embeddedInfo(dataDir: string): EmbeddedInfo {
  const abs = resolve(dataDir)
  const exists = existsSync(abs)
  const hasStore = exists && existsSync(join(abs, DATA_FILE))
  return { dataDir: abs, exists, hasStore, sizeBytes: exists ? directorySize(abs) : 0 }
}

async function probeRedisOrExplain(config: Config): Promise<RedisInfo> {
  const { redisUrl, redisCluster } = config.storage
  try {
    return await probeRedis({ url: redisUrl, cluster: redisCluster })
  } catch (e) {
    const where = redisCluster === null ? maskRedisUrl(redisUrl) : `cluster ${redisCluster.join(',')}`
    throw new Error(`Redis ${where} is unreachable: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
  }
}

/**
 * Inspects the configured storage.
 * @throws whatever opening or reading the storage throws (unreachable Redis, unusable directory).
 */
export async function inspectStorage(config: Config): Promise<StorageReport> {
  const kind = config.storage.kind
  const notes: string[] = []
  const embedded = kind === 'embedded' ? embeddedInfo(config.storage.dataDir) : null
  if (embedded !== null && !embedded.hasStore) {
    notes.push(`no store in ${embedded.dataDir} yet: the server creates it at first start`)
    return { kind, embedded, redis: null, counts: null, backlog: null, notes }
  }
  if (kind === 'memory') notes.push('storage is "memory": nothing persists, every start is empty')
  // Redis is probed first: its connection error names the address, the driver's does not.
  const redis = kind === 'redis' ? await probeRedisOrExplain(config) : null
  const driver = await createStorageDriver(config.storage)
  try {
    const index = await openIndexStore(driver.index)
    try {
      const counts: IndexCounts = {
        archive_policies: (await index.listArchivePolicies()).length,
        archive_policy_rules: (await index.listArchivePolicyRules()).length,
        resource_types: (await index.listResourceTypes()).length,
        resources: (await index.searchResources({ type: 'generic' })).length,
        metrics: (await index.listMetrics({})).length,
      }
      const backlog = await driver.series.incomingBacklog()
      if (kind !== 'memory') notes.push(...(await driver.startupWarnings()))
      return { kind, embedded, redis, counts, backlog: { metrics: backlog.metrics, measures: backlog.measures }, notes }
    } finally {
      await index.close()
    }
  } finally {
    await driver.close()
  }
}
