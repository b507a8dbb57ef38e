/** The `redis` driver: Redis (standalone or Cluster) holds the truth; any number of processes share it. */
import type { StorageDriver } from '../types.js'
import { RedisConnection, type RedisTarget } from './redis-connection.js'
import { RedisIndexPersistence } from './redis-index-persistence.js'
import { RedisKeys } from './redis-keys.js'
import { RedisSeriesStore, type RedisSeriesOptions } from './redis-series-store.js'

/** Options of {@link createRedisDriver}. */
export interface RedisDriverOptions extends RedisTarget, RedisSeriesOptions {
  /** Prefix of every key (`POLENTA_REDIS_PREFIX`). */
  readonly prefix: string
}

/**
 * Reads the persistence settings of every master and explains when an acknowledged write could
 * be lost. CONFIG may be disabled or renamed (managed Redis): then say we could not check.
 */
export async function persistenceWarnings(conn: RedisConnection): Promise<string[]> {
  const warnings = new Set<string>()
  for (const node of conn.masters()) {
    const where = `${node.options.host ?? '?'}:${node.options.port ?? '?'}`
    let settings: Record<string, string>
    try {
      const flat = (await node.config('GET', 'appendonly', 'appendfsync', 'save')) as string[]
      settings = {}
      for (let i = 0; i + 1 < flat.length; i += 2) settings[flat[i]] = flat[i + 1]
    } catch (e) {
      warnings.add(`Redis ${where}: cannot read its persistence settings (CONFIG GET failed: ${(e as Error).message}); make sure it runs with appendonly yes, or acknowledged measures may be lost`)
      continue
    }
    if (settings.appendonly !== 'yes') {
      warnings.add(
        settings.save === undefined || settings.save === ''
          ? `Redis ${where}: no AOF (appendonly no) and no RDB snapshots (save ""): everything, including acknowledged measures, is lost when Redis stops`
          : `Redis ${where}: no AOF (appendonly no): acknowledged measures written since the last RDB snapshot are lost if Redis stops; set appendonly yes`,
      )
    } else if (settings.appendfsync === 'no') {
      warnings.add(`Redis ${where}: appendfsync no: the OS decides when the AOF reaches the disk, so acknowledged measures can be lost on a crash`)
    } else if (settings.appendfsync === 'everysec') {
      warnings.add(`Redis ${where}: appendfsync everysec: up to one second of acknowledged measures can be lost on a crash (appendfsync always avoids it)`)
    }
  }
  return [...warnings]
}

/** Connects to Redis; throws `UNAVAILABLE` if it does not answer. */
export async function createRedisDriver(options: RedisDriverOptions): Promise<StorageDriver> {
  const conn = await RedisConnection.open(options)
  const keys = new RedisKeys(options.prefix)
  return {
    kind: 'redis',
    index: new RedisIndexPersistence(conn, keys),
    series: new RedisSeriesStore(conn, keys, options),
    startupWarnings: () => persistenceWarnings(conn),
    isHealthy: () => conn.ping(),
    close: () => conn.close(),
  }
}
