/**
 * Absolute URLs of the API as the client sees it (gnocchi-rest.md §3.1): scheme, host and
 * path prefix, honouring `Forwarded` / `X-Forwarded-*` only when the proxy is trusted. Used
 * for the version document, `Location` and `Link` headers.
 */
import type { FastifyRequest } from 'fastify'

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
 * Absolute base URL of a request: scheme://host[:port][prefix]. With a trusted proxy the first
 * `Forwarded` entry's `proto`/`host` win; without `Forwarded`, `X-Forwarded-Proto`/`-Host`;
 * `X-Forwarded-Prefix` is prepended to the base path in both cases.
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

/** The path part of a request URL (no query), relative to the app (base path included). */
export function requestPath(request: FastifyRequest): string {
  const q = request.url.indexOf('?')
  return q < 0 ? request.url : request.url.slice(0, q)
}

/** The raw query string of a request URL (without `?`), `''` when none. */
export function rawQuery(request: FastifyRequest): string {
  const q = request.url.indexOf('?')
  return q < 0 ? '' : request.url.slice(q + 1)
}
