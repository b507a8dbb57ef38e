/**
 * The HTTP application as a Fastify instance, without `listen` (tests use `inject`).
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { errorsPlugin } from './plugins/errors.js'
import { rootRoutes } from './routes/root.js'

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
}

function firstForwarded(header: string | string[] | undefined): Record<string, string> {
  const value = Array.isArray(header) ? header[0] : header
  const out: Record<string, string> = {}
  if (value === undefined) return out
  const first = value.split(',')[0] ?? ''
  for (const pair of first.split(';')) {
    const eq = pair.indexOf('=')
    if (eq > 0) out[pair.slice(0, eq).trim().toLowerCase()] = pair.slice(eq + 1).trim().replace(/^"|"$/g, '')
  }
  return out
}

const header = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v)

/**
 * Absolute base URL of a request: scheme://host[:port][prefix], honouring proxy headers when
 * trusted (gnocchi-rest.md §3.1).
 */
export function makeBaseUrl(basePath: string, trustProxy: boolean): (request: FastifyRequest) => string {
  return (request) => {
    let proto: string = request.protocol
    let host = header(request.headers.host) ?? 'localhost'
    let prefix = basePath
    if (trustProxy) {
      const fwd = firstForwarded(request.headers.forwarded)
      if (Object.keys(fwd).length > 0) {
        proto = fwd.proto ?? proto
        host = fwd.host ?? host
      } else {
        proto = header(request.headers['x-forwarded-proto'])?.split(',')[0]?.trim() ?? proto
        host = header(request.headers['x-forwarded-host'])?.split(',')[0]?.trim() ?? host
      }
      const xprefix = header(request.headers['x-forwarded-prefix'])
      if (xprefix !== undefined && xprefix !== '') prefix = `${xprefix.replace(/\/$/, '')}${prefix}`
    }
    return `${proto}://${host}${prefix}`
  }
}

/** Builds the app; the caller listens or injects. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logLevel === 'silent' ? false : { level: options.logLevel },
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy,
    ignoreTrailingSlash: false,
  })
  await app.register(errorsPlugin)
  const baseUrl = makeBaseUrl(options.basePath, options.trustProxy)
  await app.register(rootRoutes, { prefix: options.basePath, baseUrl })
  return app
}
