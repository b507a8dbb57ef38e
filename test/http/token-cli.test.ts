import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { mintToken, parseRoles, tokenClaims } from '../../src/cli/token.js'
import { sharedProbeApp } from './probe-app.js'

const SECRET = 'cli-secret-abcdefghijklmnop'
const jwtApp = () => sharedProbeApp({ auth: { mode: 'jwt', jwtSecret: SECRET, jwtPublicKey: null } })

describe('token minting (src/cli/token.ts)', () => {
  it('claims', () => {
    expect(tokenClaims({ user: 'u', project: 'p', roles: ['admin'], ttlSeconds: 60 })).toEqual({ sub: 'u', project_id: 'p', roles: ['admin'] })
    expect(tokenClaims({ user: 'u', project: null, roles: [], ttlSeconds: null })).toEqual({ sub: 'u', roles: [] })
    expect(parseRoles(' a, ,b ')).toEqual(['a', 'b'])
  })

  it('a minted token authenticates against the jwt mode', async () => {
    const app = await jwtApp()
    const token = mintToken({ user: 'u1', project: 'p1', roles: ['member'], ttlSeconds: 60 }, { secret: SECRET })
    const res = await app.inject({ url: '/v1/probe/whoami', headers: { accept: 'application/json', 'x-auth-token': token } })
    expect(res.json()).toMatchObject({ userId: 'u1', projectId: 'p1', roles: ['member'], creator: 'u1:p1' })
  })

  it('an expired minted token is refused', async () => {
    const app = await jwtApp()
    const token = mintToken({ user: 'u1', project: null, roles: [], ttlSeconds: 1 }, { secret: SECRET }, Date.now() - 10_000)
    const res = await app.inject({ url: '/v1/probe/whoami', headers: { accept: 'application/json', authorization: `Bearer ${token}` } })
    expect(res.statusCode).toBe(401)
  })

  it('public-key deployments: a token signed with the private key (RS256) verifies', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const pub = publicKey.export({ type: 'spki', format: 'pem' }).toString()
    const app = await sharedProbeApp({ auth: { mode: 'jwt', jwtSecret: null, jwtPublicKey: pub } })
    const token = mintToken({ user: 'rs', project: 'p', roles: [], ttlSeconds: 60 }, { privateKeyPem: pem })
    const ok = await app.inject({ url: '/v1/probe/whoami', headers: { accept: 'application/json', 'x-auth-token': token } })
    expect(ok.json()).toMatchObject({ userId: 'rs', projectId: 'p' })
    const hs = mintToken({ user: 'rs', project: 'p', roles: [], ttlSeconds: 60 }, { secret: 'some-shared-secret-xxxxxxxx' })
    const bad = await app.inject({ url: '/v1/probe/whoami', headers: { accept: 'application/json', 'x-auth-token': hs } })
    expect(bad.statusCode).toBe(401)
  })

  it('the CLI prints a token signed with POLENTA_JWT_SECRET', async () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'token', '--user', 'cli-user', '--project', 'cp', '--roles', 'admin'], {
      env: { ...process.env, POLENTA_JWT_SECRET: SECRET },
      encoding: 'utf8',
    })
    const app = await jwtApp()
    const res = await app.inject({ url: '/v1/probe/whoami', headers: { accept: 'application/json', 'x-auth-token': out.trim() } })
    expect(res.json()).toMatchObject({ userId: 'cli-user', projectId: 'cp', isAdmin: true })
  }, 20_000)
})
