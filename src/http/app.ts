/**
 * The HTTP application as a Fastify instance, without `listen` (tests use `inject`).
 *
 * Order matters: the request id (its hook runs first, so every answer carries it), the
 * Python-JSON serializer (the not-found handler captures the serializer in place when it is installed), errors (so every later failure renders Gnocchi's body),
 * routing (the route table behind 404/405/OPTIONS; it must see every route), the OpenAPI
 * document and `/docs` page (@fastify/swagger must see every route too), self-monitoring
 * (its `onResponse` hook must reach every route and the not-found handler), CORS (answers preflights before anything else), the 406 check (before auth,
 * as Gnocchi's routing does), body parsing, then authentication.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { acceptPlugin } from './plugins/accept.js'
import { authPlugin, type AuthOptions } from './plugins/auth.js'
import { bodyPlugin } from './plugins/body.js'
import { corsPlugin } from './plugins/cors.js'
import { monitoringPlugin, type MetricsOptions } from './monitoring/monitoring-plugin.js'
import { errorsPlugin } from './plugins/errors.js'
import { openApiPlugin } from './plugins/openapi.js'
import { pythonJsonPlugin } from './plugins/python-json.js'
import { requestIdOf, requestIdPlugin } from './plugins/request-id.js'
import { Readiness } from './lifecycle.js'
import { loggerOptions, type LogStream } from './logging.js'
import { canonicalV1Url, routingPlugin } from './plugins/routing.js'
import { legacyRoutes, legacyTokenSchemePlugin, type LegacyRoutesOptions } from './routes/legacy/index.js'
import { rootRoutes } from './routes/root.js'
import { v1Routes } from './routes/v1/index.js'
import type { AppServices } from './services.js'
import { makeBaseUrl, requestPath } from './util/base-url.js'
import { storageSeriesReader } from '../legacy/storage-series-reader.js'

export { makeBaseUrl } from './util/base-url.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Absolute URL of an API path such as `/v1/metric/<id>` (base path and proxy headers applied). */
    apiUrl(path: string): string
    /** Absolute URL of this request without its query string (for `Link`). */
    selfUrl(): string
  }
  interface FastifyInstance {
    /** Gnocchi's `[api] max_limit`: the largest and default page size. */
    readonly maxLimit: number
    /** `POLENTA_MAX_QUERY_POINTS`: most stored points one aggregates query may read; null = unlimited. */
    readonly maxQueryPoints: number | null
  }
}

/** What the app needs from the outside; pieces of the validated config. */
export interface AppOptions {
  /** Serve everything under this prefix (e.g. `/gnocchi`); `''` for none. */
  readonly basePath: string
  /** Honour `Forwarded` / `X-Forwarded-*` when building absolute URLs. */
  readonly trustProxy: boolean
  /** Largest accepted request body, in bytes. */
  readonly bodyLimitBytes: number
  /** Pino log level, or `silent`. */
  readonly logLevel: string
  /** Where log lines go; stdout when absent (tests capture the lines here). */
  readonly logStream?: LogStream
  /**
   * Lifecycle phase and storage health for `/healthcheck`; default: ready, probing
   * `services.driver` when there are services.
   */
  readonly readiness?: Readiness
  /** Authentication mode and keys; default Gnocchi's `basic`. */
  readonly auth?: AuthOptions
  /** Allowed CORS origins; none by default. */
  readonly corsOrigins?: readonly string[]
  /** `[api] max_limit`; default 1000. */
  readonly maxLimit?: number
  /** Most stored points one aggregates query may read; unlimited when absent. */
  readonly maxQueryPoints?: number
  /** Storage and engine services; without them only the root routes are served. */
  readonly services?: AppServices
  /**
   * The legacy `/api` routes (docs/legacy.md), served with the services: `false` leaves them out;
   * the fields override the defaults (the reader over `services`, the clock, the usage items).
   */
  readonly legacy?: false | Partial<Omit<LegacyRoutesOptions, 'index'>>
  /** Self-monitoring at `<basePath>/metrics`; default {@link DEFAULT_METRICS}. */
  readonly metrics?: MetricsOptions
}

/** Default authentication: Gnocchi's default `basic` mode. */
export const DEFAULT_AUTH: AuthOptions = { mode: 'basic', jwtSecret: null, jwtPublicKey: null }

/** Default self-monitoring: `/metrics` served, without authentication (Prometheus' habit). */
export const DEFAULT_METRICS: MetricsOptions = { enabled: true, requireAdmin: false }

/** Builds the app; the caller listens or injects. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logLevel === 'silent' ? false : loggerOptions({ level: options.logLevel, stream: options.logStream }),
    // The client's X-Request-Id is vetted by requestIdOf; Fastify's requestIdHeader would adopt
    // any value unchecked.
    requestIdHeader: false,
    genReqId: requestIdOf,
    // Shutdown (run-server.ts): server.close() stops accepting and drops idle keep-alive
    // sockets ('idle'); a request that still arrives on a busy one is served, with
    // `Connection: close`, rather than answered by Fastify's own 503 body (not Gnocchi's shape).
    forceCloseConnections: 'idle',
    return503OnClosing: false,
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy,
    // gnocchi-compat: a trailing `/` is accepted on every `/v1` route (gnocchi-rest.md §0); the
    // URL is made canonical before routing, so `/v1` (a redirect) and `/v1/` stay distinct and
    // the legacy routes keep their own slash rules.
    routerOptions: { ignoreTrailingSlash: false },
    rewriteUrl: (req) => canonicalV1Url(req.url ?? '/', options.basePath),
    // gnocchi-compat: HEAD is not implied by GET (gnocchi-rest.md §0); routes that answer it
    // (healthcheck, influxdb ping) declare it.
    exposeHeadRoutes: false,
  })
  app.decorate('maxLimit', options.maxLimit ?? 1000)
  app.decorate('maxQueryPoints', options.maxQueryPoints ?? null)
  const baseUrl = makeBaseUrl(options.basePath, options.trustProxy)
  const originUrl = makeBaseUrl('', options.trustProxy)
  app.decorateRequest('apiUrl', function (this: FastifyRequest, path: string): string {
    return `${baseUrl(this)}${path}`
  })
  app.decorateRequest('selfUrl', function (this: FastifyRequest): string {
    return `${originUrl(this)}${requestPath(this)}`
  })

  await app.register(requestIdPlugin)
  // The serializer next: the not-found handler keeps the serializer in place when it is set.
  await app.register(pythonJsonPlugin)
  await app.register(errorsPlugin)
  // Before any route: it records every route (onRoute) for the 405 answers.
  await app.register(routingPlugin)
  // Before any route too: @fastify/swagger collects the routes the OpenAPI document describes.
  await app.register(openApiPlugin, { basePath: options.basePath, authMode: (options.auth ?? DEFAULT_AUTH).mode })
  const metrics = options.metrics ?? DEFAULT_METRICS
  if (metrics.enabled) {
    await app.register(monitoringPlugin, { basePath: options.basePath, requireAdmin: metrics.requireAdmin, services: options.services })
  }
  await app.register(corsPlugin, { origins: options.corsOrigins ?? [] })
  await app.register(acceptPlugin)
  await app.register(bodyPlugin)
  // Before auth: rewrites the legacy `Authorization: Token` scheme for `/api/…` requests.
  await app.register(legacyTokenSchemePlugin, { prefix: `${options.basePath}/api/` })
  await app.register(authPlugin, options.auth ?? DEFAULT_AUTH)
  const driver = options.services?.driver
  const readiness = options.readiness ?? new Readiness({ probeStorage: driver === undefined ? undefined : () => driver.isHealthy() })
  await app.register(rootRoutes, { prefix: options.basePath, baseUrl, readiness })
  if (options.services !== undefined) {
    await app.register(v1Routes, { prefix: `${options.basePath}/v1`, services: options.services })
    if (options.legacy !== false) {
      const { index, driver, measures } = options.services
      await app.register(legacyRoutes, {
        reader: storageSeriesReader(index, driver.series, (ids) => measures.ensureProcessed(ids)),
        ...options.legacy,
        prefix: `${options.basePath}/api`,
        index,
      })
    }
  }
  return app
}
