/**
 * What the routes work with: the opened storage and the engine services over it. Built once by
 * `server.ts` (or a test) and handed to `buildApp`; routes never open storage themselves.
 */
import type { MeasureService } from '../engine/ingest/measure-service.js'
import type { StorageOperationTimings } from '../storage/timed-driver.js'
import type { IndexStore, StorageDriver } from '../storage/types.js'

/** Services shared by every `/v1` and legacy route. */
export interface AppServices {
  /** The in-process index (archive policies, rules, resource types, resources, metrics). */
  readonly index: IndexStore
  /** The opened driver: `driver.series` holds incoming measures and aggregated splits. */
  readonly driver: StorageDriver
  /** Ingest of measures and read-after-write processing over `driver.series`. */
  readonly measures: MeasureService
  /** Durations of `driver`'s calls when it is wrapped by `timeStorageOperations` (self-monitoring). */
  readonly storageTimings?: StorageOperationTimings
}
