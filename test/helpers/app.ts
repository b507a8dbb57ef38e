import type { FastifyInstance } from 'fastify'
import { buildApp, type AppOptions } from '../../src/http/app.js'

/** Builds the app for `inject` tests with quiet logs and test-friendly defaults. */
export function buildTestApp(overrides: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  return buildApp({ basePath: '', trustProxy: false, bodyLimitBytes: 1024 * 1024, logLevel: 'silent', ...overrides })
}
