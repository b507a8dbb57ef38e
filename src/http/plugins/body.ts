/**
 * Body parsing and schema validation (gnocchi-rest.md §1.1): JSON only (plus
 * `application/json-patch+json` for the routes that want it), 415 with an empty description
 * for anything else, Gnocchi's `Unable to decode body` for malformed JSON, and Ajv set up so
 * that bodies are validated strictly (no coercion, unknown keys reported, not silently
 * removed) while query strings are coerced from text. Body schemas marked with `documentedBody`
 * only document the route (schemas/documented-body.ts).
 *
 * Route config:
 * - `mediaType`: the body type the route accepts (default `application/json`); `'any'` for
 *   routes that read raw bodies and register their own parser in their scope.
 * - `optionalBody`: an absent or empty body is fine (search routes); otherwise a POST/PUT/PATCH
 *   without a body is a 415 (no content type) or 400 (empty JSON), as Gnocchi's `deserialize`.
 */
import { Ajv, type Options as AjvOptions } from 'ajv'
import ajvFormatsModule from 'ajv-formats'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { GnocchiError } from '../../model/errors.js'
import { isDocumentationOnly } from '../schemas/documented-body.js'
import { decodeJsonBody, undecodableBody } from '../util/json-body.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Accepted request media type (default `application/json`); `'any'` to opt out. */
    mediaType?: 'application/json' | 'application/json-patch+json' | 'any'
    /** The route works without a body. */
    optionalBody?: boolean
  }
}

/** JSON media types we decode. */
export const JSON_MEDIA_TYPES = ['application/json', 'application/json-patch+json'] as const

/** The media type of a `Content-Type` header, lower-cased, without parameters; null if absent. */
export function mediaTypeOf(contentType: string | undefined): string | null {
  if (contentType === undefined) return null
  const t = contentType.split(';')[0].trim().toLowerCase()
  return t === '' ? null : t
}

/** The validator of a documentation-only body schema: the route's own parser checks the body. */
const acceptParsedBody = (): boolean => true

const unsupported = (): GnocchiError => new GnocchiError('UNSUPPORTED_MEDIA_TYPE', '')
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH'])

// ajv-formats is CommonJS: under NodeNext its ES default import is `module.exports`, whose
// `default` member is the plugin.
const addFormats = ajvFormatsModule.default

function makeAjv(options: AjvOptions): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: false, ...options })
  addFormats(ajv)
  return ajv
}

async function registerBody(app: FastifyInstance): Promise<void> {
  const bodyAjv = makeAjv({ coerceTypes: false, removeAdditional: false, useDefaults: true })
  const queryAjv = makeAjv({ coerceTypes: 'array', removeAdditional: false, useDefaults: true })
  app.setValidatorCompiler(({ schema, httpPart }) => {
    if (httpPart !== 'body') return queryAjv.compile(schema)
    // A body a hand-written parser validates is only documented (schemas/documented-body.ts).
    return isDocumentationOnly(schema) ? acceptParsedBody : bodyAjv.compile(schema)
  })

  app.removeAllContentTypeParsers()
  const parse = async (request: FastifyRequest, body: string): Promise<unknown> => {
    // Unrouted requests (404/405) and body-less methods never fail on their body: the routing
    // answer wins, as in Gnocchi (`PUT /v1/archive_policy` with a JSON content type is a 405).
    if (request.is404 || (!BODY_METHODS.has(request.method) && body.trim() === '')) return undefined
    const value = decodeJsonBody(body)
    if (value === undefined && request.routeOptions.config.optionalBody !== true) {
      // gnocchi-compat: ujson's message for an empty document, see gnocchi/rest/api.py deserialize().
      throw undecodableBody('Expected object or value')
    }
    return value
  }
  for (const type of JSON_MEDIA_TYPES) app.addContentTypeParser(type, { parseAs: 'string' }, (request: FastifyRequest, body: string | Buffer) => parse(request, String(body)))

  app.addHook('preValidation', async (request) => {
    if (request.is404) return
    const config = request.routeOptions.config
    const wanted = config.mediaType ?? 'application/json'
    // DELETE (bulk resource delete) carries a body only where the route declares a media type.
    if (wanted === 'any' || (!BODY_METHODS.has(request.method) && config.mediaType === undefined)) return
    const type = mediaTypeOf(request.headers['content-type'])
    if (type === null) {
      if (config.optionalBody === true) return
      throw unsupported()
    }
    if (type !== wanted) throw unsupported()
  })
}

/** Registers body parsing and validation on the root instance. */
export const bodyPlugin = fp(registerBody, { name: 'polenta-body', fastify: '5.x' })
