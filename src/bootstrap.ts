/**
 * Opens what the app runs on — the storage driver, the in-process index — and seeds an empty
 * store the way `gnocchi-upgrade` does. Shared by `server.ts` and the CLI.
 */
import type { Config } from './config.js'
import { MeasureService } from './engine/ingest/measure-service.js'
import { DEFAULT_ARCHIVE_POLICY_RULE, defaultArchivePolicies } from './engine/archive-policy/index.js'
import type { AppServices } from './http/services.js'
import { ensureLegacyResourceTypes } from './legacy/data-model.js'
import { createStorageDriver } from './storage/create-driver.js'
import { openIndexStore } from './storage/index/index.js'
import type { IndexStore } from './storage/types.js'

/** Opened services and how to release them. */
export interface OpenedServices {
  readonly services: AppServices
  /** Warnings the operator should see (e.g. Redis without AOF). */
  readonly warnings: readonly string[]
  close(): Promise<void>
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

/** Opens the configured driver and index; seeds defaults when configured. */
export async function openServices(config: Config): Promise<OpenedServices> {
  const driver = await createStorageDriver(config.storage)
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
  const measures = new MeasureService(driver.series, index, (metricId, err) => {
    console.error(`processing of metric ${metricId} failed: ${err instanceof Error ? err.message : String(err)}`)
  })
  // Measures acknowledged before a stop are folded in now; failures stay queued and are logged.
  await measures.processAllPending()
  return {
    services: { index, driver, measures },
    warnings,
    async close() {
      await measures.idle()
      await index.close()
      await driver.close()
    },
  }
}
