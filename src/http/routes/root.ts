/**
 * Root, version and health routes (gnocchi-rest.md §3.1). No authentication.
 *
 * Health has two questions: `/healthcheck` is readiness (should traffic come here?), Gnocchi's
 * oslo.middleware route with its shapes and disable file, plus the process's lifecycle phase
 * and storage health; `/livez` is liveness (is the process stuck?), answered by the event loop
 * alone so that an orchestrator never restarts a healthy process because its Redis is down.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { existsSync } from 'node:fs'
import { ROOT_ROUTES } from '../schemas/root.js'
import type { Readiness } from '../lifecycle.js'

const ANY_METHOD = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

/** The Gnocchi release whose behaviour Polenta reproduces; clients read it from `GET /`. */
export const GNOCCHI_BUILD = '4.4.2'

/** File whose presence makes `/healthcheck` answer 503, as oslo.middleware's healthcheck does. */
export const HEALTHCHECK_DISABLE_FILE = '/etc/gnocchi/healthcheck_disable'

/** Reason `/healthcheck` gives when {@link HEALTHCHECK_DISABLE_FILE} exists (oslo.middleware's words). */
export const DISABLED_BY_FILE = 'DISABLED BY FILE'

/** Options of the root routes. */
export interface RootRoutesOptions {
  /** Builds the absolute base URL (scheme, host, prefix) of a request. */
  readonly baseUrl: (request: FastifyRequest) => string
  /** Lifecycle phase and storage health, reported by `/healthcheck`. */
  readonly readiness: Readiness
}

const V1_LINKS = [
  'aggregates',
  'aggregation',
  'archive_policy',
  'archive_policy_rule',
  'batch',
  'capabilities',
  'influxdb',
  'metric',
  'resource',
  'resource_type',
  'search',
  'status',
] as const

/** `GET /`, `GET /v1/`, `/healthcheck` and `/livez`. */
export const rootRoutes: FastifyPluginAsync<RootRoutesOptions> = async (app, { baseUrl, readiness }) => {
  // Gnocchi never authenticates these (gnocchi-rest.md §1.11).
  const open = { config: { public: true, optionalBody: true } }
  // gnocchi-compat: the version and link documents answer any method (observed: `POST /` → 200).
  app.route({ method: ANY_METHOD, url: '/', ...open, schema: ROOT_ROUTES.versions, handler: async (request) => ({
    build: GNOCCHI_BUILD,
    versions: [{ status: 'CURRENT', links: [{ rel: 'self', href: `${baseUrl(request)}/v1/` }], id: 'v1.0', updated: '2015-03-19' }],
  }) })

  const v1 = async (request: FastifyRequest) => {
    const base = `${baseUrl(request)}/v1`
    return {
      version: '1.0',
      links: [{ rel: 'self', href: base }, ...V1_LINKS.map((rel) => ({ rel, href: `${base}/${rel}` }))],
    }
  }
  // Gnocchi answers `/v1` (no slash) with a redirect to the link index (gnocchi-rest.md §0).
  app.route({
    method: ANY_METHOD,
    url: '/v1',
    schema: ROOT_ROUTES.v1Redirect,
    ...open,
    handler: async (request, reply) => {
      const location = `${baseUrl(request)}/v1/`
      return reply
        .code(302)
        .header('location', location)
        .type('text/html; charset=UTF-8')
        .send(
          `<html>\n <head>\n  <title>302 Found</title>\n </head>\n <body>\n  <h1>302 Found</h1>\n  The resource was found at <a href="${location}">${location}</a>;\nyou should be redirected automatically.\n\n\n </body>\n</html>`,
        )
    },
  })
  app.route({ method: ANY_METHOD, url: '/v1/', ...open, schema: ROOT_ROUTES.v1Index, handler: v1 })

  app.route({
    method: ['GET', 'HEAD'],
    url: '/healthcheck',
    schema: ROOT_ROUTES.healthcheck,
    config: { public: true, anyAccept: true },
    handler: async (request, reply) => {
      const reasons = [...(existsSync(HEALTHCHECK_DISABLE_FILE) ? [DISABLED_BY_FILE] : []), ...(await readiness.notReadyReasons())]
      const status = reasons.length > 0 ? 503 : request.method === 'HEAD' ? 204 : 200
      if (request.method === 'HEAD') return reply.code(status).send()
      if ((request.headers.accept ?? '').includes('application/json')) {
        return reply.code(status).send({ detailed: false, reasons })
      }
      // gnocchi-compat: oslo.middleware's plain-text answer is the reasons themselves, empty when
      // healthy. It runs them together; one per line reads better when several apply.
      return reply.code(status).type('text/plain').send(reasons.join('\n'))
    },
  })

  // Liveness: no storage, no state, no negotiation. Answering at all is the proof.
  app.route({
    method: ['GET', 'HEAD'],
    url: '/livez',
    schema: ROOT_ROUTES.livez,
    config: { public: true, anyAccept: true },
    handler: async (request, reply) => {
      return request.method === 'HEAD' ? reply.code(200).send() : reply.type('text/plain').send('OK')
    },
  })
}
