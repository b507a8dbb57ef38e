/**
 * The legacy NodeConductor routes (issue 6, legacy-stats-api.md): `/api/stats/*` and
 * `/api/alerts/*`, one encapsulated scope with DRF-style errors. Register with the `/api` prefix
 * (after the basePath) and the services; for `Authorization: Token`, register
 * {@link legacyTokenSchemePlugin} on the root BEFORE the auth plugin (hooks run in order).
 *
 * Routes:
 * - `GET  stats/usage/`, `stats/customer/`, `stats/resource/`
 * - `GET  alerts/stats/` and the legacy aliases `stats/alert/`, `stats/alerts/…`
 * - `GET  alerts/`, `POST alerts/`, `GET alerts/<uuid>/`
 * - `POST alerts/<uuid>/close/`, `alerts/<uuid>/acknowledge/`, `alerts/<uuid>/cancel_acknowledgment/`
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, HTTPMethods } from 'fastify'
import {
  alertStats,
  closeAlert,
  filteredAlerts,
  orderAlerts,
  pageOf,
  raiseAlert,
  renderAlerts,
  setAcknowledged,
  visibleAlert,
} from '../../../legacy/alerts/alert-service.js'
import type { LegacyUrls } from '../../../legacy/alerts/scope-url.js'
import type { LegacyCaller } from '../../../legacy/caller.js'
import { customerStats } from '../../../legacy/customer-stats.js'
import { detailError } from '../../../legacy/legacy-error.js'
import { lastParam, type QueryParams } from '../../../legacy/query-params.js'
import { DEFAULT_RESOURCE_STATS_CONFIG, resourceStats, type ResourceStatsConfig } from '../../../legacy/resource-stats.js'
import type { LegacySeriesReader } from '../../../legacy/series-reader.js'
import { computeUsage } from '../../../legacy/usage.js'
import { DEFAULT_USAGE_ITEMS, type UsageItems } from '../../../legacy/usage-items.js'
import { parseUsageQuery } from '../../../legacy/usage-query.js'
import type { IndexStore } from '../../../storage/types.js'
import { LEGACY_ROUTES, legacyNotAllowedSchema, legacyRedirectSchema } from '../../schemas/legacy/routes.js'
import { installLegacyErrors } from './errors.js'

export { legacyTokenSchemePlugin } from './token-scheme.js'

/** Services and configuration of the legacy routes. */
export interface LegacyRoutesOptions {
  readonly index: IndexStore
  /** Reads stored means and latest values (the engine's reader, adapted). */
  readonly reader: LegacySeriesReader
  /** Usage item → metric mapping; default {@link DEFAULT_USAGE_ITEMS}. */
  readonly items?: UsageItems
  readonly resourceStats?: ResourceStatsConfig
  /** Clock, µs since the epoch (tests inject one). */
  readonly now?: () => number
  /** Absolute URLs; default from the app's `request.apiUrl`. */
  readonly urls?: (request: FastifyRequest) => LegacyUrls
}

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>

/** What a legacy path serves: per method, its handler and its route schema (OpenAPI). */
type PathHandlers = Partial<Record<'GET' | 'POST', { readonly handler: Handler; readonly schema: FastifySchema }>>

const ALL_METHODS: readonly HTTPMethods[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

const callerOf = (request: FastifyRequest): LegacyCaller => ({ isAdmin: request.identity.isAdmin, projectId: request.identity.projectId })

const queryOf = (request: FastifyRequest): QueryParams => (request.query ?? {}) as QueryParams

const defaultUrls = (request: FastifyRequest): LegacyUrls => ({
  scope: (type, id) => request.apiUrl(`/v1/resource/${type}/${id}`),
  alert: (uuid) => request.apiUrl(`/api/alerts/${uuid}/`),
})

/**
 * Declares a path: the given methods, 405 `Method "X" not allowed.` for the others, and a 301
 * to the slashed path for a GET without the trailing slash (Django's APPEND_SLASH).
 */
function route(app: FastifyInstance, path: string, handlers: PathHandlers): void {
  for (const [method, { handler, schema }] of Object.entries(handlers)) {
    app.route({ method, url: path, handler, schema, config: method === 'POST' ? { optionalBody: true } : {} })
  }
  const others = ALL_METHODS.filter((m) => !Object.hasOwn(handlers, m))
  if (others.length > 0) {
    app.route({
      method: [...others],
      url: path,
      schema: legacyNotAllowedSchema(path),
      config: { mediaType: 'any', optionalBody: true },
      handler: async (request) => {
        throw detailError(405, `Method "${request.method}" not allowed.`)
      },
    })
  }
  if (path.endsWith('/') && !path.endsWith('*')) {
    // gnocchi-compat (legacy): Django's CommonMiddleware redirects before DRF's view
    // authenticates, so the 301 is answered to anyone.
    app.route({
      method: 'GET',
      url: path.slice(0, -1),
      schema: legacyRedirectSchema(path.slice(0, -1)),
      config: { public: true },
      handler: async (request, reply) => {
        const q = request.url.indexOf('?')
        const target = q < 0 ? `${request.url}/` : `${request.url.slice(0, q)}/${request.url.slice(q)}`
        return reply.redirect(target, 301)
      },
    })
  }
}

/** The legacy routes plugin (encapsulated). */
export async function legacyRoutes(app: FastifyInstance, options: LegacyRoutesOptions): Promise<void> {
  const { index, reader } = options
  const items = options.items ?? DEFAULT_USAGE_ITEMS
  const statsConfig = options.resourceStats ?? DEFAULT_RESOURCE_STATS_CONFIG
  const now = options.now ?? (() => Date.now() * 1000)
  const urlsOf = options.urls ?? defaultUrls
  installLegacyErrors(app)

  route(app, '/stats/usage/', {
    GET: {
      schema: LEGACY_ROUTES.usage,
      handler: async (request) => {
        const query = parseUsageQuery(queryOf(request), items, Math.floor(now() / 1e6))
        return computeUsage({ index, reader, items }, callerOf(request), query)
      },
    },
  })

  route(app, '/stats/customer/', {
    GET: { schema: LEGACY_ROUTES.customer, handler: async (request) => customerStats(index, callerOf(request), now()) },
  })

  route(app, '/stats/resource/', {
    GET: {
      schema: LEGACY_ROUTES.resource,
      handler: async (request) => {
        if (!request.identity.isAdmin) throw detailError(403, 'You do not have permission to perform this action.')
        return resourceStats(index, reader, statsConfig, lastParam(queryOf(request), 'auth_url'))
      },
    },
  })

  const stats = {
    schema: LEGACY_ROUTES.alertStats,
    handler: async (request: FastifyRequest) => alertStats(await filteredAlerts(index, callerOf(request), queryOf(request))),
  }
  // gnocchi-compat (legacy): the documented `/api/stats/alert/`, the real `/api/stats/alerts/`
  // (registered without `$`, so any longer path too) and `/api/alerts/stats/`, see
  // legacy-stats-api.md §1.4 and §4.5.
  route(app, '/alerts/stats/', { GET: stats })
  route(app, '/stats/alert/', { GET: stats })
  route(app, '/stats/alerts/', { GET: stats })
  route(app, '/stats/alerts/*', { GET: stats })

  route(app, '/alerts/', {
    GET: {
      schema: LEGACY_ROUTES.alerts,
      handler: async (request, reply) => {
        const query = queryOf(request)
        const alerts = orderAlerts(await filteredAlerts(index, callerOf(request), query), lastParam(query, 'o'))
        const page = pageOf(alerts, query)
        reply.header('X-Result-Count', String(alerts.length))
        const link = pageLinks(request, page.page, Math.max(1, Math.ceil(alerts.length / page.size)))
        if (link !== '') reply.header('Link', link)
        return renderAlerts(index, urlsOf(request), page.items)
      },
    },
    POST: {
      schema: LEGACY_ROUTES.raiseAlert,
      handler: async (request, reply) => {
        const alert = await raiseAlert(index, callerOf(request), request.body)
        const [rendered] = await renderAlerts(index, urlsOf(request), [alert])
        return reply.code(201).send(rendered)
      },
    },
  })

  route(app, '/alerts/:uuid/', {
    GET: {
      schema: LEGACY_ROUTES.alert,
      handler: async (request) => {
        const alert = await visibleAlert(index, callerOf(request), (request.params as { uuid: string }).uuid)
        const [rendered] = await renderAlerts(index, urlsOf(request), [alert])
        return rendered
      },
    },
  })
  route(app, '/alerts/:uuid/close/', {
    POST: {
      schema: LEGACY_ROUTES.close,
      handler: async (request, reply) => {
        await closeAlert(index, callerOf(request), (request.params as { uuid: string }).uuid)
        return reply.code(204).send()
      },
    },
  })
  route(app, '/alerts/:uuid/acknowledge/', {
    POST: {
      schema: LEGACY_ROUTES.acknowledge,
      handler: async (request, reply) => {
        await setAcknowledged(index, callerOf(request), (request.params as { uuid: string }).uuid, true)
        return reply.code(200).send()
      },
    },
  })
  route(app, '/alerts/:uuid/cancel_acknowledgment/', {
    POST: {
      schema: LEGACY_ROUTES.cancelAcknowledgment,
      handler: async (request, reply) => {
        await setAcknowledged(index, callerOf(request), (request.params as { uuid: string }).uuid, false)
        return reply.code(200).send()
      },
    },
  })
}

/** `Link` header of page-number pagination: first, prev, next, last. */
function pageLinks(request: FastifyRequest, page: number, pages: number): string {
  const url = new URL(request.url, 'http://x')
  const base = request.selfUrl()
  const at = (p: number): string => {
    url.searchParams.set('page', String(p))
    return `<${base}?${url.searchParams.toString()}>`
  }
  const links = [`${at(1)}; rel="first"`]
  if (page > 1) links.push(`${at(page - 1)}; rel="prev"`)
  if (page < pages) links.push(`${at(page + 1)}; rel="next"`)
  links.push(`${at(pages)}; rel="last"`)
  return links.join(', ')
}
