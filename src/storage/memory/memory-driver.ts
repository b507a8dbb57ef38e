/** The `memory` driver: volatile Maps, one process. */
import type { StorageDriver } from '../types.js'
import { createMemoryIndexPersistence } from '../index/memory-persistence.js'
import { MemorySeriesStore } from './memory-series-store.js'

/** Creates an empty volatile driver. */
export function createMemoryDriver(): StorageDriver {
  return {
    kind: 'memory',
    index: createMemoryIndexPersistence(),
    series: new MemorySeriesStore(),
    startupWarnings: async () => ['storage is "memory": every metric, resource and measure is lost when the process stops'],
    isHealthy: async () => true,
    close: async () => undefined,
  }
}
