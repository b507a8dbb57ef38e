/**
 * CORS as oslo.middleware configures it for Gnocchi (gnocchi-rest.md §3.1): only the
 * configured origins get CORS headers; credentials allowed; preflight cached one hour;
 * Gnocchi's default allowed headers. Not registered at all when no origin is configured.
 */
import fastifyCors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** Headers a cross-origin request may send (oslo's defaults plus Gnocchi's additions). */
export const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'X-Auth-Token',
  'X-Subject-Token',
  'X-User-Id',
  'X-Domain-Id',
  'X-Project-Id',
  'X-Roles',
  'Content-Type',
] as const

/** Methods a cross-origin request may use (oslo.middleware's default `allow_methods`). */
export const CORS_ALLOWED_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH'] as const

/** Options: the allowed origins, exactly as configured (`scheme://host[:port]`). */
export interface CorsOptions {
  readonly origins: readonly string[]
}

async function registerCors(app: FastifyInstance, options: CorsOptions): Promise<void> {
  if (options.origins.length === 0) return
  const allowed = new Set(options.origins)
  const methods: readonly string[] = CORS_ALLOWED_METHODS
  await app.register(fastifyCors, {
    delegator: (request, cb) => {
      const origin = request.headers.origin
      const wanted = request.headers['access-control-request-method']
      // gnocchi-compat: oslo.middleware answers a preflight with the one requested method (when
      // allowed), not the whole list, and with 200; see oslo_middleware/cors.py _apply_cors_preflight_headers.
      const method = typeof wanted === 'string' && methods.includes(wanted.toUpperCase()) ? wanted.toUpperCase() : null
      const originOk = origin !== undefined && allowed.has(origin) && (request.method !== 'OPTIONS' || method !== null)
      cb(null, {
        // false leaves the response without any CORS header (oslo's behaviour).
        origin: originOk ? origin : false,
        credentials: true,
        maxAge: 3600,
        allowedHeaders: [...CORS_ALLOWED_HEADERS],
        methods: method ?? [...CORS_ALLOWED_METHODS],
        strictPreflight: false,
        optionsSuccessStatus: 200,
      })
    },
  })
}

/** Registers CORS on the root instance. */
export const corsPlugin = fp(registerCors, { name: 'polenta-cors', fastify: '5.x' })
