/**
 * Builds the app with small test-only routes exercising the shared HTTP machinery.
 */
import type { FastifyInstance } from 'fastify'
import type { AppOptions } from '../../src/http/app.js'
import { authorize } from '../../src/http/policy/authorize.js'
import { metricRowFilter, resourceRowFilter } from '../../src/http/policy/row-filter.js'
import { pyFloat } from '../../src/model/python-json.js'
import { parseBoolParam } from '../../src/http/util/bool-param.js'
import { nextLink, parsePagination, type QueryValue } from '../../src/http/util/pagination.js'
import { rawQuery } from '../../src/http/util/base-url.js'
import { evaluatePreconditions, resourceEtag, setValidatorHeaders } from '../../src/http/util/conditional.js'
import { buildTestApp } from '../helpers/app.js'

/** A resource the probe routes pretend to store. */
export const PROBE_RESOURCE = {
  id: '75c44741-cc60-4033-804e-2d3098c7d2e9',
  creator: 'alice:proj-a',
  created_by_project_id: 'proj-a',
  created_by_user_id: 'alice',
  project_id: 'proj-owner',
  revision_start: '2026-11-22T08:55:14.900415+00:00',
}
/** µs of PROBE_RESOURCE.revision_start. */
export const PROBE_REVISION_START_US = Date.UTC(2026, 10, 22, 8, 55, 14) * 1000 + 900415

const SORT_KEYS = new Set(['id', 'name', 'started_at', 'revision_start'])

export async function probeApp(overrides: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  const app = await buildTestApp(overrides)
  await app.register(async (s) => {
    s.get('/v1/probe/whoami', async (request) => request.identity)
    s.get('/v1/probe/status', async (request) => {
      authorize(request.identity, 'get status')
      return { ok: true }
    })
    s.get('/v1/probe/resource', async (request, reply) => {
      authorize(request.identity, 'get resource', PROBE_RESOURCE)
      const v = { etag: resourceEtag(PROBE_RESOURCE.id, PROBE_RESOURCE.revision_start), lastModifiedUs: PROBE_REVISION_START_US }
      setValidatorHeaders(reply, v)
      if (evaluatePreconditions(request.method, request.headers, v) === 'not-modified') return reply.code(304).send()
      return PROBE_RESOURCE
    })
    s.delete('/v1/probe/resource', async (request, reply) => {
      authorize(request.identity, 'delete resource', PROBE_RESOURCE)
      const v = { etag: resourceEtag(PROBE_RESOURCE.id, PROBE_RESOURCE.revision_start), lastModifiedUs: PROBE_REVISION_START_US }
      evaluatePreconditions(request.method, request.headers, v)
      return reply.code(204).send()
    })
    s.get('/v1/probe/resource-filter', async (request) => ({ filter: resourceRowFilter(request.identity, 'list resource', 'generic') }))
    s.get('/v1/probe/metric-filter', async (request) => ({ filter: metricRowFilter(request.identity, 'list metric') }))
    s.get('/v1/probe/bool', async (request) => {
      const q = request.query as Record<string, string | undefined>
      return { details: parseBoolParam('details', q.details) }
    })
    s.get('/v1/probe/list', async (request, reply) => {
      const p = parsePagination(request.query as Record<string, QueryValue>, {
        maxLimit: request.server.maxLimit,
        isSortKey: (k) => SORT_KEYS.has(k),
        defaultSort: ['revision_start:asc', 'started_at:asc'],
        uniqueKeys: ['id'],
      })
      const rows = Array.from({ length: Math.min(p.limit, 3) }, (_, i) => `row${i}`)
      const link = nextLink(request.selfUrl(), rawQuery(request), { count: rows.length, limit: p.limit, sortParams: p.sortParams, lastMarker: rows[rows.length - 1] ?? '' })
      if (link !== null) reply.header('link', link)
      return { limit: p.limit, marker: p.marker, sort: p.sort }
    })
    s.get('/v1/probe/floats', async () => ({ measures: [['2015-03-06T14:33:00+00:00', pyFloat(60), pyFloat(2)]], points: 12, value: 0.5, name: 'é' }))
    s.post('/v1/probe/echo', async (request) => ({ body: request.body }))
    s.post('/v1/probe/search', { config: { optionalBody: true } }, async (request) => ({ body: request.body ?? null }))
    s.patch('/v1/probe/patch', { config: { mediaType: 'application/json-patch+json' } }, async (request) => ({ body: request.body }))
    s.post(
      '/v1/probe/validated',
      {
        schema: {
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              name: { type: 'string', minLength: 1 },
              points: { type: 'integer', minimum: 1 },
              tags: { type: 'array', items: { type: 'string' } },
              id: { type: 'string', format: 'uuid' },
              kind: { enum: ['a', 'b'] },
            },
          },
          querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1 } } },
        },
      },
      async (request) => ({ body: request.body }),
    )
    s.delete('/v1/probe/bulk', { config: { mediaType: 'application/json' } }, async (request) => ({ body: request.body }))
    s.get('/v1/probe/public', { config: { public: true } }, async () => ({ open: true }))
  }, { prefix: overrides.basePath ?? '' })
  return app
}

/** `Authorization: Basic` for a user (password ignored by Gnocchi). */
export const basic = (user: string, password = ''): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

const cache = new Map<string, Promise<FastifyInstance>>()

/** One probe app per option set, shared by the tests of a file (they only inject). */
export function sharedProbeApp(overrides: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  const key = JSON.stringify(overrides)
  let app = cache.get(key)
  if (app === undefined) {
    app = probeApp(overrides)
    cache.set(key, app)
  }
  return app
}
