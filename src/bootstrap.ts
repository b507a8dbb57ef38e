/**
 * Opens what the app runs on — the storage driver, the in-process index — and seeds an empty
 * store the way `gnocchi-upgrade` does. Shared by `server.ts` and the CLI.
 */
import type { Config } from './config.js'
import { MeasureService, type ProcessingErrorLogger } from './engine/ingest/measure-service.js'
import { DEFAULT_ARCHIVE_POLICY_RULE, defaultArchivePolicies } from './engine/archive-policy/index.js'
import type { AppServices } from './http/services.js'
import { ensureLegacyResourceTypes } from './legacy/data-model.js'
import { createStorageDriver } from './storage/create-driver.js'
import { openIndexStore } from './storage/index/index.js'
import { timeStorageOperations } from './storage/timed-driver.js'
import type { IndexStore } from './storage/types.js'

/** Opened services and how to release them. */
export interface OpenedServices {
  readonly services: AppServices
  /** Warnings the operator should see (e.g. Redis without AOF). */
  readonly warnings: readonly string[]
  /**
   * Processes the measures acknowledged before the last stop, metric by metric; returns how many
   * metrics it went through without a failure (a metric deleted meanwhile counts, with nothing to do). Once `signal` aborts it stops after the metric in hand: the rest stays
   * queued, durably, for the next start (or for the first read, which folds pending measures in).
   * Failures are logged and leave the measures queued.
   */
  catchUp(signal?: AbortSignal): Promise<number>
  /** Waits for background processing, then flushes and closes the index and the driver. */
  close(): Promise<void>
}

/** Options of {@link openServices}. */
export interface OpenServicesOptions {
  /** Where background processing failures go; default stderr. */
  readonly onProcessingError?: ProcessingErrorLogger
}

const logProcessingErrorToStderr: ProcessingErrorLogger = (metricId, err) => {
  console.error(`processing of metric ${metricId} failed: ${err instanceof Error ? err.message : String(err)}`)
}

/**
 * Creates the default archive policies and the `default` rule on a store that has no archive
 * policy at all (gnocchi-storage-semantics.md §2.4), so `npm start` is usable at once.
 */
export async function seedDefaults(index: IndexStore): Promise<void> {
  if ((await index.listArchivePolicies()).length > 0) return
  for (const policy of defaultArchivePolicies()) await index.createArchivePolicy(policy)
  if ((await index.getArchivePolicyRule(DEFAULT_ARCHIVE_POLICY_RULE.name)) === null) {
    await index.createArchivePolicyRule(DEFAULT_ARCHIVE_POLICY_RULE)
  }
}

/**
 * Opens the configured driver and index; seeds defaults when configured. Catching up on pending
 * measures is left to the caller ({@link OpenedServices.catchUp}), so a server can listen first.
 */
export async function openServices(config: Config, options: OpenServicesOptions = {}): Promise<OpenedServices> {
  // Timed from the start, so `/metrics` shows the storage calls of every layer above it; left
  // raw when `/metrics` is off, so the timing costs nothing then.
  const rawDriver = await createStorageDriver(config.storage)
  const { driver, timings: storageTimings } = config.metrics.enabled ? timeStorageOperations(rawDriver) : { driver: rawDriver, timings: undefined }
  let index: IndexStore
  try {
    index = await openIndexStore(driver.index)
    if (config.defaultArchivePolicies) {
      await seedDefaults(index)
      // The legacy routes' resource types (docs/legacy.md) are seeded with the defaults: Gnocchi's
      // functional tests start from a store holding only `generic`, with seeding off.
      await ensureLegacyResourceTypes(index)
    }
  } catch (err) {
    await driver.close()
    throw err
  }
  const warnings = await driver.startupWarnings()
  const measures = new MeasureService(driver.series, index, options.onProcessingError ?? logProcessingErrorToStderr)
  return {
    services: { index, driver, measures, storageTimings },
    warnings,
    catchUp: (signal) => measures.processAllPending(signal),
    async close() {
      await measures.idle()
      await index.close()
      await driver.close()
    },
  }
}
