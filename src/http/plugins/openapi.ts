/**
 * The OpenAPI document and its interactive page (docs/openapi.md).
 *
 * @fastify/swagger collects every route through `onRoute`, so this plugin must be registered
 * before any route; the document is generated on first request from the routes' own `schema`
 * (the same objects Fastify validates with; bodies checked by hand-written parsers are
 * documented through `schemas/documented-body.ts`). It is served at
 * `<basePath>/v1/openapi.json`; @fastify/swagger-ui serves the page at `<basePath>/docs`, with
 * its HTML, scripts and styles read from the installed package (nothing is fetched from a CDN,
 * and the online validator badge is off).
 *
 * Both are public (no credentials) and hidden from the document itself. The page's routes
 * answer any `Accept` (they serve HTML, JavaScript, CSS and images).
 */
import { readFileSync } from 'node:fs'
import fastifySwagger, { type SwaggerTransform, type SwaggerTransformObject } from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import type { AuthMode } from '../../config.js'
import { isOptionalBody } from '../schemas/documented-body.js'

/** Where the document is served, below the base path. */
export const OPENAPI_DOCUMENT_PATH = '/v1/openapi.json'

/** Where the interactive page is served, below the base path. */
export const API_DOCS_PATH = '/docs'

/** Options: where the app is mounted and which credentials it reads. */
export interface OpenApiOptions {
  /** The app's base path (`''` or e.g. `/gnocchi`); the document's server URL. */
  readonly basePath: string
  /** The configured authentication mode: the document's default security requirement. */
  readonly authMode: AuthMode
}

/** The package version (package.json sits three levels above this file, in src/ and dist/ alike). */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown }
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0'
}

/** Every way Polenta can read credentials (architecture.md §4); which one counts is configured. */
const SECURITY_SCHEMES = {
  basic: {
    type: 'http',
    scheme: 'basic',
    description: "`basic` mode (Gnocchi's default): the user name is the identity, `admin` is the admin; the password is ignored.",
  },
  authToken: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Auth-Token',
    description: '`jwt` mode: a JWT (claims `sub` or `user_id`, `project_id`, `roles`). The legacy `/api` routes also take `Authorization: Token <JWT>`.',
  },
  bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: '`jwt` mode: the same JWT as `Authorization: Bearer`.' },
  keystoneUser: { type: 'apiKey', in: 'header', name: 'X-User-Id', description: '`keystone-headers` mode: the user id set by a trusted proxy.' },
  keystoneProject: { type: 'apiKey', in: 'header', name: 'X-Project-Id', description: '`keystone-headers` mode: the project id set by a trusted proxy.' },
  keystoneRoles: { type: 'apiKey', in: 'header', name: 'X-Roles', description: '`keystone-headers` mode: comma-separated roles (`admin` is the admin role).' },
} as const

type SchemeName = keyof typeof SECURITY_SCHEMES
type Requirement = Partial<Record<SchemeName, string[]>>

/** The security requirement of an authenticated route under each mode (alternatives). */
const SECURITY_BY_MODE: Readonly<Record<AuthMode, readonly Requirement[]>> = {
  basic: [{ basic: [] }],
  jwt: [{ authToken: [] }, { bearer: [] }],
  // Either identity header is enough; roles are optional.
  'keystone-headers': [{ keystoneUser: [], keystoneProject: [], keystoneRoles: [] }, { keystoneUser: [] }, { keystoneProject: [] }],
  // Development mode: no credentials needed; identity headers, if sent, set the creator.
  noauth: [{}, { keystoneUser: [], keystoneProject: [], keystoneRoles: [] }],
}

/** The document's tags, in reading order. */
const TAGS = [
  { name: 'versions', description: 'Version documents and health check.' },
  { name: 'archive_policy', description: 'How measures are aggregated and kept.' },
  { name: 'archive_policy_rule', description: 'Which archive policy a new metric gets, by name pattern.' },
  { name: 'resource_type', description: 'Resource types and their attributes.' },
  { name: 'resource', description: 'Resources, their history and their named metrics.' },
  { name: 'search', description: 'Resource search with a filter.' },
  { name: 'metric', description: 'Metrics.' },
  { name: 'measures', description: "One metric's measures: push and read." },
  { name: 'batch', description: 'Measures of many metrics in one request.' },
  { name: 'aggregates', description: 'Cross-metric aggregation with operations.' },
  { name: 'aggregation', description: 'The deprecated cross-metric aggregation routes.' },
  { name: 'status', description: 'Service status and capabilities.' },
  { name: 'influxdb', description: 'InfluxDB line-protocol compatibility.' },
  { name: 'prometheus', description: 'Prometheus remote write.' },
  { name: 'legacy', description: "NodeConductor's `/api/stats` and `/api/alerts` routes (docs/legacy.md), with DRF-style `{\"detail\"}` errors." },
]

/** Marks, on the way into the document, an operation whose request body is optional. */
const OPTIONAL_BODY_MARK = 'x-polenta-optional-body'

/** Public routes need no credentials; documented optional bodies are marked for {@link finishDocument}. */
const transformRoute: SwaggerTransform = ({ schema, url, route }) => {
  const out: Record<string, unknown> = { ...(schema as FastifySchema | undefined) }
  if ((route as RouteOptions).config?.public === true) out.security = []
  if (isOptionalBody(out.body)) out[OPTIONAL_BODY_MARK] = true
  return { schema: out as FastifySchema, url }
}

/** @fastify/swagger always writes `requestBody.required: true`; optional bodies say false. */
const finishDocument: SwaggerTransformObject = (documentObject) => {
  if (!('openapiObject' in documentObject)) return documentObject.swaggerObject
  const doc = documentObject.openapiObject
  for (const item of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(item ?? {})) {
      if (typeof operation !== 'object' || operation === null || !(OPTIONAL_BODY_MARK in operation)) continue
      const op = operation as Record<string, unknown> & { requestBody?: { required?: boolean } }
      if (op.requestBody !== undefined) op.requestBody.required = false
      delete op[OPTIONAL_BODY_MARK]
    }
  }
  return doc
}

async function registerOpenApi(app: FastifyInstance, options: OpenApiOptions): Promise<void> {
  const docsPrefix = `${options.basePath}${API_DOCS_PATH}`
  // Before @fastify/swagger-ui adds its routes: hooks see the routes registered after them.
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.url === docsPrefix || route.url.startsWith(`${docsPrefix}/`)) {
      route.config = { ...route.config, public: true, anyAccept: true }
    }
  })

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Polenta',
        version: packageVersion(),
        description:
          'Polenta is a metrics service that speaks the OpenStack Gnocchi v1 REST API (the behaviour of Gnocchi 4.4.2: ' +
          'error bodies, validation messages and Python-style JSON included) and the NodeConductor `/api` statistics routes. ' +
          'Errors of `/v1` routes are `{"code", "title", "description"}` bodies.',
      },
      ...(options.basePath !== '' ? { servers: [{ url: options.basePath }] } : {}),
      components: { securitySchemes: SECURITY_SCHEMES },
      security: [...SECURITY_BY_MODE[options.authMode]],
      tags: TAGS,
    },
    transform: transformRoute,
    transformObject: finishDocument,
  })

  app.get(
    `${options.basePath}${OPENAPI_DOCUMENT_PATH}`,
    { config: { public: true }, schema: { hide: true } },
    // Serialised here: the document is plain JSON, not a Gnocchi answer.
    async (_request, reply) => reply.type('application/json').send(JSON.stringify(app.swagger())),
  )

  await app.register(fastifySwaggerUi, {
    routePrefix: docsPrefix,
    // No online validator badge: the page must not reach outside the server.
    validatorUrl: false,
    uiConfig: { deepLinking: true, docExpansion: 'none' },
    theme: { title: 'Polenta API' },
  })
}

/** Registers the document and the page on the root instance; before any route. */
export const openApiPlugin = fp(registerOpenApi, { name: 'polenta-openapi', fastify: '5.x' })
