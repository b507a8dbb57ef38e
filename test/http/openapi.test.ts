/**
 * The OpenAPI document (`/v1/openapi.json`) and the `/docs` page (plugins/openapi.ts,
 * docs/openapi.md): every registered route is documented, the document is structurally valid
 * OpenAPI 3.1, the page only loads local assets, the base path moves both, and documenting the
 * routes changed none of their answers.
 */
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import type * as FastifyModule from 'fastify'
import type { RouteOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ADMIN, USER, buildV1TestApp, type V1TestApp } from '../helpers/v1-app.js'

// Every route any app of this file registers, seen through an `onRoute` hook installed on each
// Fastify instance as soon as it is created (before buildApp registers anything).
const registered = vi.hoisted(() => new Map<object, RouteOptions[]>())
vi.mock('fastify', async (importOriginal) => {
  const fastify = await importOriginal<typeof FastifyModule>()
  const original = fastify.default as (...args: unknown[]) => ReturnType<typeof fastify.default>
  const create = ((...args: unknown[]) => {
    const app = original(...args)
    const routes: RouteOptions[] = []
    registered.set(app, routes)
    app.addHook('onRoute', (route: RouteOptions) => {
      routes.push(route)
    })
    return app
  }) as typeof fastify.default
  return { ...fastify, default: create }
})

interface Operation {
  readonly tags?: readonly string[]
  readonly summary?: string
  readonly parameters?: readonly { readonly name: string; readonly in: string; readonly required?: boolean; readonly schema?: unknown }[]
  readonly requestBody?: { readonly required?: boolean; readonly content: Record<string, { readonly schema?: unknown }> }
  readonly responses: Record<string, { readonly description?: string; readonly content?: Record<string, { readonly schema?: unknown }> }>
  readonly security?: readonly Record<string, readonly string[]>[]
}

interface Document {
  readonly openapi: string
  readonly info: { readonly title: string; readonly version: string; readonly description?: string }
  readonly servers?: readonly { readonly url: string }[]
  readonly paths: Record<string, Record<string, Operation>>
  readonly components: { readonly securitySchemes: Record<string, { readonly type: string }> }
  readonly security: readonly Record<string, readonly string[]>[]
  readonly tags: readonly { readonly name: string }[]
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']
const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version

/** A Fastify URL in OpenAPI's form: `:id` → `{id}`, `*` → `{*}` (as @fastify/swagger writes them). */
const openApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*/g, '{*}')

/** Every (method, path) pair the app registered, HEAD/OPTIONS and the documentation routes left out. */
function registeredOperations(app: object, basePath: string): { method: string; path: string }[] {
  const routes = registered.get(app)
  if (routes === undefined) throw new Error('app built without the onRoute recorder')
  const out: { method: string; path: string }[] = []
  for (const route of routes) {
    if (route.url === `${basePath}/v1/openapi.json` || route.url.startsWith(`${basePath}/docs`)) continue
    for (const method of typeof route.method === 'string' ? [route.method] : route.method) {
      if (method === 'HEAD' || method === 'OPTIONS') continue
      expect(route.url.startsWith(basePath)).toBe(true)
      out.push({ method: method.toLowerCase(), path: openApiPath(route.url.slice(basePath.length)) })
    }
  }
  return out
}

async function fetchDocument(t: V1TestApp, basePath = ''): Promise<Document> {
  const res = await t.app.inject({ url: `${basePath}/v1/openapi.json` })
  expect(res.statusCode).toBe(200)
  expect(res.headers['content-type']).toBe('application/json')
  return res.json<Document>()
}

/** Every `$ref` target inside a value. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out)
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v)
      else refsIn(v, out)
    }
  }
  return out
}

/** The URLs a page's `src` and `href` attributes load. */
const pageUrls = (html: string): string[] => [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]!)

describe('OpenAPI document', () => {
  let t: V1TestApp
  let doc: Document
  beforeAll(async () => {
    t = await buildV1TestApp()
    doc = await fetchDocument(t)
  })
  afterAll(async () => t.close())

  it('lists every registered route (method and path), except HEAD/OPTIONS and the documentation routes', () => {
    const operations = registeredOperations(t.app, '')
    // The app has its full route table: /v1, the legacy /api routes and the root routes.
    expect(operations.length).toBeGreaterThan(60)
    const missing = operations.filter(({ method, path }) => doc.paths[path]?.[method] === undefined)
    expect(missing).toEqual([])
  })

  it('documents every operation with tags, a summary and described responses', () => {
    const knownTags = new Set(doc.tags.map((tag) => tag.name))
    const undocumented: string[] = []
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const ok =
          op.summary !== undefined &&
          op.tags !== undefined &&
          op.tags.length > 0 &&
          op.tags.every((tag) => knownTags.has(tag)) &&
          !('200' in op.responses && op.responses['200']!.description === 'Default Response')
        if (!ok) undocumented.push(`${method.toUpperCase()} ${path}`)
      }
    }
    expect(undocumented).toEqual([])
  })

  it('is structurally valid OpenAPI 3.1', () => {
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.info.title).toBe('Polenta')
    expect(doc.info.version).toBe(PACKAGE_VERSION)
    expect(doc.info.description).toContain('Gnocchi v1')
    expect(doc.servers).toBeUndefined()
    // Every schema must be a valid JSON Schema 2020-12 (OpenAPI 3.1's dialect).
    const ajv = new Ajv2020({ strict: false })
    const isSchema = (schema: unknown, where: string): void => {
      expect(ajv.validateSchema(schema as object), `${where}: ${ajv.errorsText(ajv.errors)}`).toBe(true)
    }
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path.startsWith('/')).toBe(true)
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])
      for (const [method, op] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${path}`
        expect(HTTP_METHODS, where).toContain(method)
        expect(Object.keys(op.responses).length, where).toBeGreaterThan(0)
        for (const [status, response] of Object.entries(op.responses)) {
          expect(status, where).toMatch(/^([1-5]\d\d|default)$/)
          expect(typeof response.description, where).toBe('string')
          for (const media of Object.values(response.content ?? {})) isSchema(media.schema, `${where} ${status}`)
        }
        const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name)
        expect(pathParams.sort(), where).toEqual([...templated].sort())
        for (const p of op.parameters ?? []) {
          expect(['path', 'query', 'header', 'cookie'], where).toContain(p.in)
          if (p.in === 'path') expect(p.required, where).toBe(true)
          isSchema(p.schema, `${where} ${p.name}`)
        }
        for (const media of Object.values(op.requestBody?.content ?? {})) isSchema(media.schema, `${where} body`)
        for (const requirement of op.security ?? []) {
          for (const scheme of Object.keys(requirement)) expect(doc.components.securitySchemes, where).toHaveProperty(scheme)
        }
      }
    }
    for (const ref of refsIn(doc)) {
      expect(ref.startsWith('#/')).toBe(true)
      const target = ref.slice(2).split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc)
      expect(target, ref).toBeDefined()
    }
  })

  it('declares a security scheme per way of authenticating and requires the configured one', () => {
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(
      ['authToken', 'basic', 'bearer', 'keystoneProject', 'keystoneRoles', 'keystoneUser'].sort(),
    )
    expect(doc.security).toEqual([{ basic: [] }])
    // Public routes need no credentials.
    expect(doc.paths['/v1/capabilities']!.get!.security).toEqual([])
    expect(doc.paths['/healthcheck']!.get!.security).toEqual([])
    expect(doc.paths['/v1/metric']!.post!.security).toBeUndefined()
  })

  it('documents hand-validated bodies, optional ones as optional', () => {
    const rule = doc.paths['/v1/archive_policy_rule']!.post!.requestBody!
    expect(rule.required).toBe(true)
    expect(rule.content['application/json']!.schema).toMatchObject({ required: ['name', 'metric_pattern', 'archive_policy_name'] })
    expect(doc.paths['/v1/search/resource/{type}']!.post!.requestBody!.required).toBe(false)
    expect(Object.keys(doc.paths['/v1/resource_type/{name}']!.patch!.requestBody!.content)).toEqual(['application/json-patch+json'])
    expect(JSON.stringify(doc)).not.toContain('x-polenta')
  })

  it('tags the legacy routes `legacy`', () => {
    const legacy = Object.entries(doc.paths).filter(([path]) => path.startsWith('/api/'))
    expect(legacy.length).toBeGreaterThan(0)
    for (const [, item] of legacy) for (const op of Object.values(item)) expect(op.tags).toEqual(['legacy'])
    expect(doc.paths['/api/alerts/']!.post!.requestBody).toBeDefined()
  })

  it('hides the documentation routes from the document', () => {
    expect(Object.keys(doc.paths).filter((p) => p.includes('openapi') || p.startsWith('/docs'))).toEqual([])
  })
})

describe('/docs page', () => {
  let t: V1TestApp
  beforeAll(async () => {
    t = await buildV1TestApp()
  })
  afterAll(async () => t.close())

  it('serves HTML that loads only assets served by this app, without credentials and whatever the Accept', async () => {
    const res = await t.app.inject({ url: '/docs', headers: { accept: 'text/html' } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/html/)
    const urls = pageUrls(res.body)
    expect(urls.length).toBeGreaterThanOrEqual(4)
    for (const url of urls) {
      expect(url).toMatch(/^\/docs\/static\//)
      const asset = await t.app.inject({ url, headers: { accept: '*/*' } })
      expect(asset.statusCode, url).toBe(200)
    }
    expect(res.body).not.toMatch(/(https?:)?\/\/[a-z]/i)
  })

  it("points the page at this server's document and turns the online validator off", async () => {
    const init = await t.app.inject({ url: '/docs/static/swagger-initializer.js' })
    expect(init.statusCode).toBe(200)
    expect(init.body).toContain("url: resolveUrl('./json')")
    expect(init.body).toContain('validatorUrl: null')
    const json = await t.app.inject({ url: '/docs/json' })
    expect(json.statusCode).toBe(200)
    expect(json.json()).toEqual((await t.app.inject({ url: '/v1/openapi.json' })).json())
  })
})

describe('base path', () => {
  let t: V1TestApp
  beforeAll(async () => {
    t = await buildV1TestApp({ basePath: '/gnocchi' })
  })
  afterAll(async () => t.close())

  it('moves the document and the page under the base path', async () => {
    const doc = await fetchDocument(t, '/gnocchi')
    expect(doc.servers).toEqual([{ url: '/gnocchi' }])
    const missing = registeredOperations(t.app, '/gnocchi').filter(({ method, path }) => doc.paths[path]?.[method] === undefined)
    expect(missing).toEqual([])
    expect((await t.app.inject({ url: '/v1/openapi.json' })).statusCode).toBe(404)
    const page = await t.app.inject({ url: '/gnocchi/docs' })
    expect(page.statusCode).toBe(200)
    for (const url of pageUrls(page.body)) expect(url).toMatch(/^\/gnocchi\/docs\/static\//)
    expect((await t.app.inject({ url: '/docs' })).statusCode).toBe(404)
  })
})

describe('security requirement per authentication mode', () => {
  it('requires a JWT in jwt mode', async () => {
    const t = await buildV1TestApp({ auth: { mode: 'jwt', jwtSecret: 'secret', jwtPublicKey: null } })
    try {
      const doc = await fetchDocument(t)
      expect(doc.security).toEqual([{ authToken: [] }, { bearer: [] }])
    } finally {
      await t.close()
    }
  })
})

describe('documenting the routes changed no answer', () => {
  let t: V1TestApp
  beforeAll(async () => {
    t = await buildV1TestApp()
  })
  afterAll(async () => t.close())

  it('keeps the handlers’ query-string errors, in Gnocchi’s words', async () => {
    const limit = await t.app.inject({ url: '/v1/metric?limit=1.0', headers: ADMIN })
    expect(limit.statusCode).toBe(400)
    expect(limit.json()).toEqual({
      code: 400,
      title: 'Bad Request',
      description: { cause: 'Argument value error', reason: "expected int for dictionary value @ data['limit']" },
    })
    const details = await t.app.inject({ url: '/v1/resource/generic?details=maybe', headers: ADMIN })
    expect(details.statusCode).toBe(400)
    expect(details.json().description).toBe("Unable to parse `details': invalid truth value 'maybe'")
  })

  it('ignores unknown query parameters and accepts repeated ones', async () => {
    const res = await t.app.inject({ url: '/v1/resource/generic?details=true&details=nope&foo=bar&sort=id&sort=started_at:desc', headers: ADMIN })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual([])
  })

  it('keeps voluptuous’s body messages and checks authorization before the body', async () => {
    const rule = await t.app.inject({ method: 'POST', url: '/v1/archive_policy_rule', headers: ADMIN, payload: {} })
    expect(rule.json().description).toEqual({ cause: 'Invalid input', reason: "required key not provided @ data['name']", detail: ['name'] })
    const forbidden = await t.app.inject({ method: 'POST', url: '/v1/archive_policy', headers: USER, payload: { nope: 1 } })
    expect(forbidden.statusCode).toBe(403)
    const patch = await t.app.inject({
      method: 'PATCH',
      url: '/v1/resource_type/generic',
      headers: { ...ADMIN, 'content-type': 'application/json-patch+json' },
      payload: [{ op: 'move', path: '/attributes/a' }],
    })
    expect(patch.json().description).toEqual({ cause: 'Invalid input', reason: "not a valid value for dictionary value @ data[0]['op']", detail: ['0', 'op'] })
  })

  it('still serialises answers as Python JSON (response schemas do not format)', async () => {
    const policy = await t.app.inject({
      method: 'POST',
      url: '/v1/archive_policy',
      headers: ADMIN,
      payload: { name: 'five', definition: [{ granularity: '5 min', points: 12 }] },
    })
    expect(policy.statusCode).toBe(201)
    expect(policy.body).toContain('"back_window": 0, "definition": [{"timespan": "1:00:00", "granularity": "0:05:00", "points": 12}]')
    const metric = await t.app.inject({ method: 'POST', url: '/v1/metric', headers: ADMIN, payload: { archive_policy_name: 'five' } })
    const id = metric.json<{ id: string }>().id
    const posted = await t.app.inject({
      method: 'POST',
      url: `/v1/metric/${id}/measures`,
      headers: ADMIN,
      payload: [{ timestamp: '2024-01-01T00:00:00', value: 5 }],
    })
    expect(posted.statusCode).toBe(202)
    expect(posted.body).toBe('')
    const read = await t.app.inject({ url: `/v1/metric/${id}/measures`, headers: ADMIN })
    expect(read.body).toBe('[["2024-01-01T00:00:00+00:00", 300.0, 5.0]]')
  })
})
