/**
 * Root, version and health routes (gnocchi-rest.md §3.1). No authentication.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { existsSync } from 'node:fs'

const ANY_METHOD = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

/** The Gnocchi release whose behaviour Polenta reproduces; clients read it from `GET /`. */
export const GNOCCHI_BUILD = '4.4.2'

/** File whose presence makes `/healthcheck` answer 503, as oslo.middleware's healthcheck does. */
export const HEALTHCHECK_DISABLE_FILE = '/etc/gnocchi/healthcheck_disable'

/** Options of the root routes. */
export interface RootRoutesOptions {
  /** Builds the absolute base URL (scheme, host, prefix) of a request. */
  readonly baseUrl: (request: FastifyRequest) => string
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

/** `GET /`, `GET /v1/` and `/healthcheck`. */
export const rootRoutes: FastifyPluginAsync<RootRoutesOptions> = async (app, { baseUrl }) => {
  // Gnocchi never authenticates these (gnocchi-rest.md §1.11).
  const open = { config: { public: true, optionalBody: true } }
  // gnocchi-compat: the version and link documents answer any method (observed: `POST /` → 200).
  app.route({ method: ANY_METHOD, url: '/', ...open, handler: async (request) => ({
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
  app.route({ method: ANY_METHOD, url: '/v1/', ...open, handler: v1 })

  app.route({
    method: ['GET', 'HEAD'],
    url: '/healthcheck',
    config: { public: true, anyAccept: true },
    handler: async (request, reply) => {
      const disabled = existsSync(HEALTHCHECK_DISABLE_FILE)
      if (request.method === 'HEAD') return reply.code(disabled ? 503 : 204).send()
      const json = (request.headers.accept ?? '').includes('application/json')
      if (disabled) {
        return json
          ? reply.code(503).send({ detailed: false, reasons: ['DISABLED BY FILE'] })
          : reply.code(503).type('text/plain').send('DISABLED BY FILE')
      }
      return json ? reply.send({ detailed: false, reasons: [] }) : reply.type('text/plain').send('')
    },
  })
}
