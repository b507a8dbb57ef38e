/**
 * Authentication (gnocchi-rest.md §1.11, architecture.md §4): derives the caller's
 * {@link Identity} from the request in one of four modes and rejects with 401 (empty
 * description, as Gnocchi's `abort(401)`) when a route needs an identity and none can be
 * derived. Routes that never authenticate in Gnocchi (`/`, `/v1/`, `/healthcheck`,
 * `/v1/capabilities`, `GET /v1/resource`, `/v1/influxdb/ping`, the 405-only routes) declare
 * `config: { public: true }`; routes whose Gnocchi handler asks for the user only on some paths
 * declare `config: { identityOnDemand: true }` (honoured in `basic` mode only).
 *
 * Credentials are never logged: `src/http/logging.ts` redacts credential headers and scrubs every line.
 */
import fastifyJwt from '@fastify/jwt'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { AuthMode, Config } from '../../config.js'
import { GnocchiError } from '../../model/errors.js'
import { hasAdminRole, type Identity } from '../policy/identity.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; reading it on a request without one throws 401. */
    readonly identity: Identity
    /** The identity if one was derived, else null (never throws). */
    identityOrNull: Identity | null
  }
  interface FastifyContextConfig {
    /** The route never authenticates (Gnocchi's unauthenticated routes). */
    public?: boolean
    /**
     * In `basic` mode the route authenticates only when its handler reads `request.identity`
     * (401 then), because Gnocchi's handler asks for the user only there; other modes
     * authenticate up front as usual. See the `onRequest` hook of this plugin.
     */
    identityOnDemand?: boolean
  }
}

/** Options of the auth plugin: the `auth` part of the configuration. */
export type AuthOptions = Config['auth']

const unauthorized = (): GnocchiError => new GnocchiError('UNAUTHORIZED', '')

const header = (request: FastifyRequest, name: string): string | undefined => {
  const v = request.headers[name]
  return Array.isArray(v) ? v[0] : v
}

const splitRoles = (value: string | undefined): string[] =>
  value === undefined ? [] : value.split(',').map((r) => r.trim()).filter((r) => r !== '')

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * The user name of an `Authorization: Basic` header, or null when the header is missing or
 * unparseable. The password is ignored, as Gnocchi's basic mode does; the scheme is
 * case-insensitive; the decoded text must contain a `:` (werkzeug's rule) and the user may be
 * empty.
 */
export function basicUser(authorization: string | undefined): string | null {
  if (authorization === undefined) return null
  const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(authorization)
  if (m === null || m[1].toLowerCase() !== 'basic') return null
  const b64 = m[2]
  if (b64.length % 4 !== 0 || !BASE64.test(b64)) return null
  let text: string
  try {
    text = utf8.decode(Buffer.from(b64, 'base64'))
  } catch {
    return null
  }
  const colon = text.indexOf(':')
  return colon < 0 ? null : text.slice(0, colon)
}

/** Identity of a basic-mode user: `admin` is the only admin; creator = user name. */
export function basicIdentity(user: string): Identity {
  const roles = user === 'admin' ? ['admin'] : []
  return { userId: user, projectId: null, roles, creator: user, isAdmin: roles.length > 0, mode: 'basic' }
}

/** Identity from a user id, project id and roles, in keystone's shape (creator `user:project`). */
export function keystoneIdentity(mode: AuthMode, userId: string | null, projectId: string | null, roles: readonly string[]): Identity {
  return {
    userId,
    projectId,
    roles,
    creator: `${userId ?? ''}:${projectId ?? ''}`,
    isAdmin: hasAdminRole(roles),
    mode,
  }
}

/** Claims Polenta reads from a JWT. */
export interface TokenClaims {
  readonly sub?: unknown
  readonly user_id?: unknown
  readonly project_id?: unknown
  readonly roles?: unknown
}

/** Identity of verified JWT claims; null when the token names no user. */
export function jwtIdentity(claims: TokenClaims): Identity | null {
  const user = typeof claims.sub === 'string' ? claims.sub : typeof claims.user_id === 'string' ? claims.user_id : null
  if (user === null || user === '') return null
  const project = typeof claims.project_id === 'string' && claims.project_id !== '' ? claims.project_id : null
  const roles = Array.isArray(claims.roles)
    ? claims.roles.filter((r): r is string => typeof r === 'string')
    : typeof claims.roles === 'string'
      ? splitRoles(claims.roles)
      : []
  return keystoneIdentity('jwt', user, project, roles)
}

function bearerToken(request: FastifyRequest): string | undefined {
  const token = header(request, 'x-auth-token')
  if (token !== undefined && token.trim() !== '') return token.trim()
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header(request, 'authorization') ?? '')
  return m === null ? undefined : m[1]
}

type Resolver = (request: FastifyRequest) => Identity | null

function resolverFor(app: FastifyInstance, options: AuthOptions): Resolver {
  switch (options.mode) {
    case 'basic':
      return (request) => {
        const user = basicUser(header(request, 'authorization'))
        return user === null ? null : basicIdentity(user)
      }
    case 'keystone-headers':
      return (request) => {
        const userId = header(request, 'x-user-id') ?? null
        const projectId = header(request, 'x-project-id') ?? null
        // Keystonemiddleware answers 401 to a request without a token; here the absence of
        // both identity headers stands for that.
        if (userId === null && projectId === null) return null
        return keystoneIdentity('keystone-headers', userId, projectId, splitRoles(header(request, 'x-roles')))
      }
    case 'jwt':
      return (request) => {
        const token = bearerToken(request)
        if (token === undefined) return null
        let claims: TokenClaims
        try {
          claims = app.jwt.verify<TokenClaims>(token)
        } catch {
          return null
        }
        return jwtIdentity(claims)
      }
    case 'noauth':
      return (request) => {
        // Development only: everyone is an admin; identity headers, if sent, set the creator.
        const userId = header(request, 'x-user-id') ?? null
        const projectId = header(request, 'x-project-id') ?? null
        const roles = ['admin', ...splitRoles(header(request, 'x-roles'))]
        if (userId === null && projectId === null) {
          return { userId: 'admin', projectId: null, roles, creator: 'admin', isAdmin: true, mode: 'noauth' }
        }
        return { ...keystoneIdentity('noauth', userId, projectId, roles), isAdmin: true }
      }
    default:
      throw new Error(`unknown auth mode ${String(options.mode)}`)
  }
}

async function registerAuth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  if (options.mode === 'jwt') {
    const { jwtSecret, jwtPublicKey } = options
    if (jwtSecret === null && jwtPublicKey === null) throw new Error('jwt auth needs a secret or a public key')
    await app.register(fastifyJwt, {
      secret: jwtPublicKey !== null ? { public: jwtPublicKey } : (jwtSecret ?? ''),
    })
  }
  const resolve = resolverFor(app, options)
  app.decorateRequest('identityOrNull', null)
  app.decorateRequest('identity', {
    getter(this: FastifyRequest): Identity {
      const id = this.identityOrNull
      if (id === null) throw unauthorized()
      return id
    },
  })
  // gnocchi-compat: Gnocchi's basic mode asks for the user only when a policy rule is checked or
  // a creator/id needs it; its list filters need none (BasicAuthHelper returns no filter), so an
  // unauthenticated `GET /v1/resource/generic` or `GET /v1/metric` is served (200), see
  // gnocchi/rest/auth_helper.py. Routes that reproduce this declare `identityOnDemand`.
  const onDemand = options.mode === 'basic'
  app.addHook('onRequest', async (request) => {
    if (request.is404 || request.routeOptions.config.public === true) return
    const identity = resolve(request)
    if (identity === null) {
      if (onDemand && request.routeOptions.config.identityOnDemand === true) return
      throw unauthorized()
    }
    request.identityOrNull = identity
  })
}

/** Registers authentication on the root instance (fastify-plugin: not encapsulated). */
export const authPlugin = fp(registerAuth, { name: 'polenta-auth', fastify: '5.x' })
