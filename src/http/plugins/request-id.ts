/**
 * Request ids, as OpenStack services hand them out: every request gets one (the client's
 * `X-Request-Id` when it is sane, else `req-<uuid4>` as oslo.middleware generates), the logs
 * carry it as `reqId`, and every response returns it in `X-Openstack-Request-Id`.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** Request header a client (or a proxy) may set to choose the id. */
export const REQUEST_ID_HEADER = 'x-request-id'
/** Response header carrying the id (oslo.middleware's `HTTP_RESP_HEADER_REQUEST_ID`). */
export const RESPONSE_REQUEST_ID_HEADER = 'x-openstack-request-id'
/** Longest client id accepted; longer ones are replaced. */
export const MAX_CLIENT_REQUEST_ID_LENGTH = 128

/**
 * Characters a client id may use: uuids, trace ids, base64(url) and dotted or colon-separated
 * forms. Anything else — spaces, quotes, control characters, non-ASCII — could forge log lines
 * or fail to be echoed as a header value (a 500), so such an id is replaced, not escaped.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:/+=@-]+$/

/** Whether a client-supplied id can be adopted as is. */
export function isSaneRequestId(id: string): boolean {
  return id.length > 0 && id.length <= MAX_CLIENT_REQUEST_ID_LENGTH && SAFE_REQUEST_ID.test(id)
}

/** A fresh id in OpenStack's format, `req-<uuid4>`. */
export function newRequestId(): string {
  return `req-${randomUUID()}`
}

/**
 * Fastify's `genReqId`: the client's `X-Request-Id` when sane, else a fresh id. Fastify's own
 * `requestIdHeader` option would adopt any header value unchecked, hence this function with
 * `requestIdHeader: false`.
 */
export function requestIdOf(req: IncomingMessage): string {
  const header = req.headers[REQUEST_ID_HEADER]
  const candidate = Array.isArray(header) ? header[0] : header
  return candidate !== undefined && isSaneRequestId(candidate) ? candidate : newRequestId()
}

async function registerRequestId(app: FastifyInstance): Promise<void> {
  // onRequest is the first hook of every request, the 404/405/OPTIONS handler and CORS
  // preflights included, and a header set here survives the error handler: every answer
  // carries the id.
  app.addHook('onRequest', async (request, reply) => {
    reply.header(RESPONSE_REQUEST_ID_HEADER, request.id)
  })
}

/** Returns the request id on every response. Register it first, before any other hook. */
export const requestIdPlugin = fp(registerRequestId, { name: 'polenta-request-id', fastify: '5.x' })
