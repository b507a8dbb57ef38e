/**
 * The callers of the identity matrix and their credentials in each auth mode: an admin, the
 * owner (a member of project P1, which owns the fixtures), a member of another project (P2),
 * a caller without credentials and callers with bad credentials.
 */
import { createSigner } from 'fast-jwt'
import type { AuthOptions } from '../../../src/http/plugins/auth.js'

/** Who calls. `badToken` stands for every bad-credential variant of the mode. */
export type Who = 'admin' | 'owner' | 'other' | 'anonymous' | 'badToken'

/** The callers that hold an identity (they create fixtures). */
export type Member = 'admin' | 'owner' | 'other'

/** The auth modes the matrix runs in. */
export type ModeName = 'basic' | 'jwt' | 'keystone-headers'

/** Every caller, in the order the matrix reports them. */
export const WHO: readonly Who[] = ['admin', 'owner', 'other', 'anonymous', 'badToken']

/** Project ids (UUIDs, so that the legacy routes can use them as `project` resource ids). */
export const P1 = '11111111-1111-4111-8111-111111111111'
export const P2 = '22222222-2222-4222-8222-222222222222'
export const ADMIN_PROJECT = '33333333-3333-4333-8333-333333333333'

const JWT_SECRET = 'identity-matrix-secret-0123456789'

/** Request headers. */
export type Headers = Readonly<Record<string, string>>

/** A mode: its auth options and how each caller authenticates (one or more variants). */
export interface Mode {
  readonly name: ModeName
  readonly auth: AuthOptions
  /** One header set per credential variant, labelled for failure messages. */
  readonly credentials: Readonly<Record<Who, readonly (readonly [label: string, headers: Headers])[]>>
}

const basicAuth = (user: string): Headers => ({ authorization: `Basic ${Buffer.from(`${user}:`).toString('base64')}` })

const sign = createSigner({ key: JWT_SECRET, algorithm: 'HS256', expiresIn: 3_600_000 })
const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` })

interface Claims {
  readonly sub: string
  readonly project_id: string
  readonly roles: readonly string[]
}

const CLAIMS: Readonly<Record<Member, Claims>> = {
  admin: { sub: 'admin-user', project_id: ADMIN_PROJECT, roles: ['admin'] },
  owner: { sub: 'p1-user', project_id: P1, roles: ['member'] },
  other: { sub: 'p2-user', project_id: P2, roles: ['member'] },
}

const keystoneHeaders = (c: Claims): Headers => ({ 'x-user-id': c.sub, 'x-project-id': c.project_id, 'x-roles': c.roles.join(',') })

/** The three modes. In basic mode the owner and the other caller are plain users (no project). */
export const MODES: readonly Mode[] = [
  {
    name: 'basic',
    auth: { mode: 'basic', jwtSecret: null, jwtPublicKey: null },
    credentials: {
      admin: [['admin', basicAuth('admin')]],
      owner: [['p1-user', basicAuth('p1-user')]],
      other: [['p2-user', basicAuth('p2-user')]],
      anonymous: [['no header', {}]],
      badToken: [
        ['basic, not base64', { authorization: 'Basic !!not-base64!!' }],
        ['basic, no colon', { authorization: `Basic ${Buffer.from('admin').toString('base64')}` }],
      ],
    },
  },
  {
    name: 'jwt',
    auth: { mode: 'jwt', jwtSecret: JWT_SECRET, jwtPublicKey: null },
    credentials: {
      admin: [['admin token', bearer(sign({ ...CLAIMS.admin }))]],
      owner: [['P1 member token', bearer(sign({ ...CLAIMS.owner }))]],
      other: [['P2 member token', bearer(sign({ ...CLAIMS.other }))]],
      anonymous: [['no token', {}]],
      badToken: [
        ['wrong signature', bearer(createSigner({ key: 'another-secret-0123456789abcdef', algorithm: 'HS256' })({ ...CLAIMS.admin }))],
        ['expired', bearer(createSigner({ key: JWT_SECRET, algorithm: 'HS256', expiresIn: 1000, clockTimestamp: Date.now() - 3_600_000 })({ ...CLAIMS.admin }))],
      ],
    },
  },
  {
    name: 'keystone-headers',
    auth: { mode: 'keystone-headers', jwtSecret: null, jwtPublicKey: null },
    credentials: {
      admin: [['admin headers', keystoneHeaders(CLAIMS.admin)]],
      owner: [['P1 member headers', keystoneHeaders(CLAIMS.owner)]],
      other: [['P2 member headers', keystoneHeaders(CLAIMS.other)]],
      anonymous: [['no identity headers', {}]],
      // Keystonemiddleware would reject a bad token (401) before the app sees the request; what
      // reaches a middleware-less app is a token without identity headers.
      badToken: [['token, no identity headers', { 'x-auth-token': 'not-a-keystone-token', 'x-roles': 'admin' }]],
    },
  },
]

/** The headers of a member (the first variant) in a mode. */
export const memberHeaders = (mode: Mode, who: Member): Headers => mode.credentials[who][0]![1]
