/**
 * A full `/v1` app over a fresh memory driver, for `inject` tests of the routes.
 */
import type { FastifyInstance } from 'fastify'
import { buildApp, type AppOptions } from '../../src/http/app.js'
import { MeasureService } from '../../src/engine/ingest/measure-service.js'
import type { AppServices } from '../../src/http/services.js'
import { openIndexStore } from '../../src/storage/index/index.js'
import { createMemoryDriver } from '../../src/storage/memory/memory-driver.js'
import { timeStorageOperations } from '../../src/storage/timed-driver.js'

/** An app with its services, closed together. */
export interface V1TestApp {
  readonly app: FastifyInstance
  readonly services: AppServices
  close(): Promise<void>
}

/** Basic-auth header of Gnocchi's functional tests (`admin` is the admin user). */
export const ADMIN = { authorization: `Basic ${Buffer.from('admin:').toString('base64')}`, accept: 'application/json' }
/** Basic-auth header of a non-admin user. */
export const USER = { authorization: `Basic ${Buffer.from('foobar:').toString('base64')}`, accept: 'application/json' }

/**
 * Builds the app on a new memory driver; `overrides` change app options (auth mode, base path, …).
 * `timed` wraps the driver as `/metrics` does in production, so storage timings are reported.
 */
export async function buildV1TestApp(overrides: Partial<AppOptions> = {}, { timed = false } = {}): Promise<V1TestApp> {
  const raw = createMemoryDriver()
  const { driver, timings } = timed ? timeStorageOperations(raw) : { driver: raw, timings: undefined }
  const index = await openIndexStore(driver.index)
  const services: AppServices = { index, driver, measures: new MeasureService(driver.series, index), storageTimings: timings }
  const app = await buildApp({
    basePath: '',
    trustProxy: false,
    bodyLimitBytes: 16 * 1024 * 1024,
    logLevel: 'silent',
    maxLimit: 1000,
    ...overrides,
    services,
  })
  return {
    app,
    services,
    async close() {
      await app.close()
      await services.measures.idle()
      await index.close()
      await driver.close()
    },
  }
}
