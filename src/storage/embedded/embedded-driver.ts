/** The `embedded` driver: LMDB in the data directory, durable, one owning process. */
import type { StorageDriver } from '../types.js'
import { EmbeddedIndexPersistence } from './embedded-index-persistence.js'
import { EmbeddedSeriesStore } from './embedded-series-store.js'
import { openEmbeddedStore } from './embedded-store.js'

/**
 * Opens the embedded driver on `dataDir` (created if missing). Throws `EmbeddedStoreError` for a
 * directory it cannot use; see {@link openEmbeddedStore}.
 */
export async function createEmbeddedDriver(dataDir: string): Promise<StorageDriver> {
  const dbs = await openEmbeddedStore(dataDir)
  let closed = false
  return {
    kind: 'embedded',
    index: new EmbeddedIndexPersistence(dbs),
    series: new EmbeddedSeriesStore(dbs),
    startupWarnings: async () => [],
    isHealthy: async () => !closed,
    close: async () => {
      if (closed) return
      closed = true
      await dbs.root.flushed
      await dbs.root.close()
    },
  }
}
