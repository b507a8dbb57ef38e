import { afterAll } from 'vitest'
import { createRedisDriver } from '../../src/storage/redis/redis-driver.js'
import type { StorageDriver } from '../../src/storage/types.js'
import { TEST_REDIS_URL, cleanupPrefixes, uniquePrefix } from '../helpers/redis.js'
import { defineIndexContract } from './index-contract.js'

const prefixes: string[] = []
afterAll(() => cleanupPrefixes(prefixes))

defineIndexContract('redis', async () => {
  const prefix = uniquePrefix('index')
  prefixes.push(prefix)
  const open = (): Promise<StorageDriver> => createRedisDriver({ url: TEST_REDIS_URL, cluster: null, prefix })
  const drivers = [await open()]
  return {
    persistence: drivers[0].index,
    shared: true,
    // Another process on the same Redis and prefix.
    reopen: async () => {
      const d = await open()
      drivers.push(d)
      return d.index
    },
    close: async () => {
      for (const d of drivers) await d.close()
    },
  }
})
