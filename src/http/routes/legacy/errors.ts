/**
 * The legacy routes' error edge: DRF's bodies instead of Gnocchi's. `LegacyError`s carry their
 * status and body; the shared plugins' errors (authentication, body parsing) are translated to
 * what DRF said in the same situation (legacy-stats-api.md §1); anything else is logged and
 * answered with DRF's generic 500 body.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isLegacyError } from '../../../legacy/legacy-error.js'
import { isGnocchiError } from '../../../model/errors.js'
import { pyJsonStringify } from '../../../model/python-json.js'

function hasCredentials(request: FastifyRequest): boolean {
  const h = request.headers
  return (typeof h.authorization === 'string' && h.authorization.trim() !== '') || (typeof h['x-auth-token'] === 'string' && h['x-auth-token'].trim() !== '')
}

/** The body and status DRF would answer for an error raised outside the legacy code. */
function translate(error: unknown, request: FastifyRequest): { status: number; body: unknown } {
  if (isGnocchiError(error)) {
    switch (error.code) {
      case 'UNAUTHORIZED':
        return {
          status: 401,
          body: { detail: hasCredentials(request) ? 'Invalid token.' : 'Authentication credentials were not provided.' },
        }
      case 'FORBIDDEN':
        return { status: 403, body: { detail: 'You do not have permission to perform this action.' } }
      case 'UNSUPPORTED_MEDIA_TYPE':
        return { status: 415, body: { detail: `Unsupported media type "${request.headers['content-type'] ?? ''}" in request.` } }
      case 'INVALID_INPUT':
        return { status: 400, body: { detail: `JSON parse error - ${typeof error.description === 'string' ? error.description : 'Unable to decode body'}` } }
      case 'NOT_FOUND':
        return { status: 404, body: { detail: 'Not found.' } }
      case 'CONFLICT':
        return { status: 409, body: { detail: error.message } }
      case 'UNAVAILABLE':
        return { status: 503, body: { detail: 'Service temporarily unavailable, try again later.' } }
      default:
        break
    }
  }
  const status = (error as Partial<FastifyError> | null)?.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: { detail: status === 413 ? 'Request entity too large.' : (error as Error).message } }
  }
  return { status: 500, body: { detail: 'A server error occurred.' } }
}

/** Installs the legacy error handler and DRF's 404 on an encapsulated scope. */
export function installLegacyErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    // Serialised here: a bare string body must go out as a JSON string, not as raw text.
    if (isLegacyError(error)) return reply.code(error.status).type('application/json').send(pyJsonStringify(error.body))
    const { status, body } = translate(error, request)
    if (status >= 500) request.log.error({ err: error }, 'legacy route failed')
    return reply.code(status).type('application/json').send(pyJsonStringify(body))
  })
  app.setNotFoundHandler((_request, reply) => reply.code(404).type('application/json').send({ detail: 'Not found.' }))
}
