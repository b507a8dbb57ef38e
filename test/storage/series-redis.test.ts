import { afterAll } from 'vitest'
import { createRedisDriver } from '../../src/storage/redis/redis-driver.js'
import { TEST_REDIS_URL, cleanupPrefixes, uniquePrefix } from '../helpers/redis.js'
import { defineSeriesContract } from './series-contract.js'

const prefixes: string[] = []
afterAll(() => cleanupPrefixes(prefixes))

defineSeriesContract('redis', () => {
  const prefix = uniquePrefix('series')
  prefixes.push(prefix)
  return createRedisDriver({ url: TEST_REDIS_URL, cluster: null, prefix })
})
