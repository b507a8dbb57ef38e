/**
 * The error edge: anything thrown by a route becomes Gnocchi's error body
 * `{"code", "title", "description"}` (or its HTML page when the client prefers HTML,
 * gnocchi-rest.md §1.3). Statuses live here and only here.
 */
import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { ErrorObject } from 'ajv'
import { CAUSES, GnocchiError, type Description, type ErrorCode } from '../../model/errors.js'
import { pyJsonStringify } from '../../model/python-json.js'
import { pyRepr } from '../util/bool-param.js'
import { undecodableBody } from '../util/json-body.js'
import { ajvErrorToInvalidInput } from '../util/validation.js'

/** Status of every error code; a `Record` so a new code without a status does not compile. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  INVALID_OPERATIONS: 400,
  INVALID_FILTER: 400,
  UNAGGREGABLE: 400,
  UNKNOWN_METRICS: 404,
  UNKNOWN_AGGREGATION: 404,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_ACCEPTABLE: 406,
  UNSUPPORTED_MEDIA_TYPE: 415,
  METHOD_NOT_ALLOWED: 405,
  PRECONDITION_FAILED: 412,
  NOT_IMPLEMENTED: 501,
  PAYLOAD_TOO_LARGE: 413,
  UNAVAILABLE: 503,
}

/** Reason phrase of a status, as Gnocchi's framework spells it. */
export function titleOf(status: number): string {
  return STATUS_CODES[status] ?? 'Error'
}

interface MediaRange {
  readonly type: string
  readonly q: number
  readonly order: number
}

function parseAccept(header: string | undefined): MediaRange[] {
  if (header === undefined || header.trim() === '') return []
  return header.split(',').map((part, order) => {
    const [type, ...params] = part.trim().split(';')
    let q = 1
    for (const p of params) {
      const [k, v] = p.trim().split('=')
      if (k === 'q' && v !== undefined) {
        const n = Number(v)
        if (Number.isFinite(n)) q = n
      }
    }
    return { type: (type ?? '').trim().toLowerCase(), q, order }
  })
}

/**
 * Whether an error should be rendered as JSON for this `Accept` header.
 * gnocchi-compat: the recommended rule of gnocchi-rest.md §1.3 — JSON when `application/json`
 * (or `application/*`) is named with q > 0 and nothing else named outranks it; the HTML page
 * otherwise (no header, `*\/*` alone, `text/html`), as 4.4.2 does.
 */
export function prefersJsonErrors(accept: string | undefined): boolean {
  const ranges = parseAccept(accept)
  const json = ranges.filter((r) => r.type === 'application/json' || r.type === 'application/*')
  if (json.length === 0) return false
  const q = Math.max(...json.map((r) => r.q))
  return q > 0 && ranges.every((r) => r.q <= q)
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' }

/** Python's `html.escape(s, quote=True)`, as webob escapes the detail. */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c)
}

/** Python `repr()` of a JSON-like value: how webob prints a dict detail (`{'cause': ...}`). */
export function pyReprValue(v: unknown): string {
  if (v === null || v === undefined) return 'None'
  if (typeof v === 'boolean') return v ? 'True' : 'False'
  if (typeof v === 'number') return String(v)
  if (typeof v === 'string') return pyRepr(v)
  if (Array.isArray(v)) return `[${v.map(pyReprValue).join(', ')}]`
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyRepr(k)}: ${pyReprValue(x)}`).join(', ')}}`
  }
  return String(v)
}

/**
 * webob's explanation line of each status, shown above the detail in the HTML error page
 * (gnocchi-rest.md §1.3; texts observed on the reference).
 */
export const HTML_EXPLANATIONS: Readonly<Record<number, string>> = {
  400: 'The server could not comply with the request since it is either malformed or otherwise incorrect.',
  401: 'This server could not verify that you are authorized to access the document you requested.  Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.',
  403: 'Access was denied to this resource.',
  404: 'The resource could not be found.',
  406: 'The resource could not be generated that was acceptable to your browser (content of type application/json.',
  409: 'There was a conflict when trying to complete your request.',
  412: 'Request conditions failed',
  413: 'The request is larger than the server is willing or able to process.',
  415: 'The request media type is not supported by this server.',
  501: 'The server does not support the functionality required to fulfill the request.',
  503: 'The server is currently unavailable. Please try again at a later time.',
}

/**
 * Sends Gnocchi's error body for a status and description. `explanation` overrides the HTML
 * page's explanation line (webob words it per request for 405 and 415).
 */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  description: Description,
  explanation?: string,
): FastifyReply {
  const title = titleOf(status)
  if (prefersJsonErrors(request.headers.accept)) {
    // Serialised here rather than by the reply serializer: Fastify's not-found context does not
    // pick up a custom serializer, and every error must be Python-formatted alike.
    return reply.code(status).type('application/json').send(pyJsonStringify({ code: status, title, description }))
  }
  const text = description === null ? '' : typeof description === 'string' ? description : pyReprValue(description)
  const lead = explanation ?? HTML_EXPLANATIONS[status] ?? ''
  const accept = request.headers.accept
  if (accept === undefined || accept.trim() === '') {
    // gnocchi-compat: without any Accept header webob renders its plain-text page (observed on
    // 4.4.2; gabbi sends none), with per-request explanations (405/415) laid out differently.
    const body =
      explanation === undefined ? `${lead}\n\n ${text}  ` : `${explanation.trimEnd()} \n\n `
    return reply.code(status).type('text/plain; charset=UTF-8').send(`${status} ${title}\n\n${body}`)
  }
  const html = `<html>\n <head>\n  <title>${status} ${title}</title>\n </head>\n <body>\n  <h1>${status} ${title}</h1>\n  ${escapeHtml(lead)}<br /><br />\n${escapeHtml(text)}\n\n\n </body>\n</html>`
  return reply.code(status).type('text/html; charset=UTF-8').send(html)
}

/** Translates Fastify's own errors (validation, body parsing, size limits) into catalogue errors. */
export function toGnocchiError(err: FastifyError): GnocchiError | null {
  if (err instanceof GnocchiError) return err
  if (err.validation !== undefined && err.validation.length > 0) {
    const e = ajvErrorToInvalidInput(err.validation as unknown as ErrorObject[])
    if (err.validationContext === 'body') return e
    // gnocchi-compat: query-string errors are `Argument value error` without `detail`, see
    // gnocchi/rest/api.py get_pagination_options (observed for `limit=0`).
    const reason = typeof e.description === 'object' && e.description !== null ? (e.description.reason ?? '') : ''
    return new GnocchiError('INVALID_INPUT', { cause: CAUSES.argumentError, reason })
  }
  switch (err.code) {
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return undecodableBody('Expected object or value')
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return undecodableBody(err.message)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new GnocchiError('UNSUPPORTED_MEDIA_TYPE', '')
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GnocchiError('PAYLOAD_TOO_LARGE', 'Request body is too large')
    default:
      break
  }
  if (err instanceof SyntaxError) return undecodableBody(err.message)
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return new GnocchiError(err.statusCode === 401 ? 'UNAUTHORIZED' : err.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'INVALID_INPUT', err.message)
  }
  return null
}

/** Registers the error and not-found handlers on the root instance. */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const e = toGnocchiError(err)
    if (e === null) {
      request.log.error({ err }, 'unhandled error')
      return sendError(request, reply, 500, 'Internal Server Error')
    }
    const status = STATUS_BY_CODE[e.code]
    const explanation =
      status === 415 ? `The request media type ${request.headers['content-type'] ?? ''} is not supported by this server.\n` : undefined
    return sendError(request, reply, status, e.description, explanation)
  })
  // The not-found (404/405/OPTIONS) handler lives in plugins/routing.ts.
})
