/**
 * Raw request bodies for the push routes (InfluxDB line protocol, Prometheus remote write),
 * whatever their content type: the body plugin only decodes JSON.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'

/** Registers, in the calling plugin's scope, a parser that keeps any body as a `Buffer`. */
export function acceptRawBodies(app: FastifyInstance): void {
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request: FastifyRequest, body: string | Buffer, done) => {
    done(null, body)
  })
}

/** The raw body of a request parsed by {@link acceptRawBodies}: empty when there was none. */
export function rawBody(request: FastifyRequest): Uint8Array {
  const body = request.body
  if (body instanceof Uint8Array) return body
  if (typeof body === 'string') return Buffer.from(body, 'utf8')
  return new Uint8Array(0)
}

/** One query parameter as a string (the last value when repeated), or undefined. */
export function queryParam(request: FastifyRequest, name: string): string | undefined {
  const query = request.query as Record<string, unknown> | undefined
  const v = query?.[name]
  const last = Array.isArray(v) ? v[v.length - 1] : v
  return typeof last === 'string' ? last : undefined
}
