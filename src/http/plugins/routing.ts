/**
 * Routing conventions Gnocchi's WSGI stack gives every route (gnocchi-rest.md §0), applied
 * generically so that route modules get them for free:
 *
 * - 405 `Method Not Allowed` with an `Allow` header listing the accepted methods when the path
 *   names an existing route but not for this method (HEAD included: it is not implied by GET);
 * - `OPTIONS` on any path answers 200 with an empty body when CORS did not take it (the
 *   reference's WSGI server does so, without CORS headers);
 * - everything else is the routing 404 (`description: null`).
 *
 * The slash rules (`/v1/metric/` == `/v1/metric`, `/v1//metric` == `/v1/metric`) are
 * {@link canonicalV1Url}, applied by `app.ts` as Fastify's `rewriteUrl` before routing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { sendError } from './errors.js'

/**
 * Makes a `/v1/...` path canonical (keeping the query): runs of `/` become one and the
 * trailing `/` is dropped, so that every v1 route answers with or without it; `/v1/` itself
 * (the link index) is left alone. Other paths are returned unchanged.
 */
export function canonicalV1Url(url: string, basePath: string): string {
  const q = url.indexOf('?')
  const rawPath = q < 0 ? url : url.slice(0, q)
  const query = q < 0 ? '' : url.slice(q)
  // gnocchi-compat: pecan ignores empty path segments, and gnocchiclient relies on it: its
  // `archive-policy update` and `archive-policy-rule update` send `PATCH
  // /v1/archive_policy//<name>` (a `url` ending in `/` plus `'/' + name`).
  const path = rawPath.replace(/\/{2,}/g, '/')
  const v1 = `${basePath}/v1/`
  if (!path.startsWith(v1)) return url
  if (path.length > v1.length && path.endsWith('/')) return path.slice(0, -1) + query
  return path === rawPath ? url : path + query
}

/** One registered URL pattern and the methods declared on it. */
interface KnownRoute {
  readonly pattern: RegExp
  readonly methods: Set<string>
}

/** Method order of the `Allow` header: Gnocchi's (pecan's) listing order. */
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']

/**
 * Compiles a Fastify URL pattern (`/v1/archive_policy/:name`, `*`) into a regular expression
 * over raw (still percent-encoded) request paths; a trailing `/` is optional, as in the router.
 */
export function compileRoutePattern(url: string): RegExp {
  const trimmed = url.length > 1 ? url.replace(/\/+$/, '') : url
  let source = ''
  for (const segment of trimmed.split('/').slice(1)) {
    if (segment === '*') source += '/.*'
    else if (segment.startsWith(':')) source += '/[^/]+'
    else source += `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`
  }
  return new RegExp(`^${source}/?$`)
}

/** Orders methods for an `Allow` header (known ones first, in Gnocchi's order). */
export function allowHeader(methods: Iterable<string>): string {
  const rank = (m: string): number => {
    const i = METHOD_ORDER.indexOf(m)
    return i < 0 ? METHOD_ORDER.length : i
  }
  return [...new Set(methods)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).join(', ')
}

/** The route table as seen by the not-found handler. */
export class RouteTable {
  readonly #routes = new Map<string, KnownRoute>()

  /** Records a route's URL and methods (OPTIONS routes, CORS's `*`, are not "methods" of a path). */
  add(url: string, method: string | readonly string[]): void {
    const methods = (typeof method === 'string' ? [method] : method).filter((m) => m !== 'OPTIONS')
    if (methods.length === 0) return
    const key = url.length > 1 ? url.replace(/\/+$/, '') : url
    let known = this.#routes.get(key)
    if (known === undefined) {
      known = { pattern: compileRoutePattern(key), methods: new Set() }
      this.#routes.set(key, known)
    }
    for (const m of methods) known.methods.add(m)
  }

  /** Methods accepted on a concrete path (union over every pattern it matches). */
  methodsFor(path: string): Set<string> {
    const out = new Set<string>()
    for (const r of this.#routes.values()) if (r.pattern.test(path)) for (const m of r.methods) out.add(m)
    return out
  }
}

function pathOf(request: FastifyRequest): string {
  const url = request.raw.url ?? request.url
  const q = url.indexOf('?')
  return q < 0 ? url : url.slice(0, q)
}

async function registerRouting(app: FastifyInstance): Promise<void> {
  const table = new RouteTable()
  app.addHook('onRoute', (route: RouteOptions) => {
    table.add(route.url, route.method)
    if (route.method === 'OPTIONS') {
      // CORS's catch-all preflight route: OPTIONS never authenticates nor negotiates, as in the
      // reference (its WSGI server answers it before the app).
      route.config = { ...route.config, public: true, anyAccept: true }
    }
  })
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    if (request.method === 'OPTIONS') {
      // gnocchi-compat: the reference's WSGI server answers any OPTIONS itself (200, empty).
      return reply.code(200).header('content-length', '0').send()
    }
    const methods = table.methodsFor(pathOf(request))
    if (methods.size > 0 && !methods.has(request.method)) {
      reply.header('allow', allowHeader(methods))
      return sendError(request, reply, 405, '', `The method ${request.method} is not allowed for this resource.`)
    }
    return sendError(request, reply, 404, null)
  })
}

/**
 * Registers the route table and the 404/405/OPTIONS handler on the root instance. Must be
 * registered before any route so that `onRoute` sees them all.
 */
export const routingPlugin = fp(registerRouting, { name: 'polenta-routing', fastify: '5.x' })
