/** Builds the configured storage driver (architecture.md §7: `POLENTA_STORAGE` and friends). */
import { createEmbeddedDriver } from './embedded/embedded-driver.js'
import { createMemoryDriver } from './memory/memory-driver.js'
import { createRedisDriver } from './redis/redis-driver.js'
import type { StorageDriver } from './types.js'

/** The storage part of the configuration (the shape of `Config['storage']`). */
export interface StorageConfig {
  readonly kind: 'memory' | 'embedded' | 'redis'
  /** The embedded driver's directory. */
  readonly dataDir: string
  /** Standalone Redis URL, used when `redisCluster` is null. */
  readonly redisUrl: string
  /** Cluster seed nodes (`host:port`), or null for standalone Redis. */
  readonly redisCluster: readonly string[] | null
  /** Prefix of every Redis key. */
  readonly redisPrefix: string
}

/** Opens the driver `config.kind` names. */
export function createStorageDriver(config: StorageConfig): Promise<StorageDriver> {
  switch (config.kind) {
    case 'memory':
      return Promise.resolve(createMemoryDriver())
    case 'embedded':
      return createEmbeddedDriver(config.dataDir)
    case 'redis':
      return createRedisDriver({ url: config.redisUrl, cluster: config.redisCluster, prefix: config.redisPrefix })
    default: {
      const never: never = config.kind
      throw new Error(`unknown storage kind ${String(never)}`)
    }
  }
}
