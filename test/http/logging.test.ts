import { createSigner } from 'fast-jwt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REDACTED, scrubSecrets, scrubUrl } from '../../src/http/logging.js'
import { buildV1TestApp, type V1TestApp } from '../helpers/v1-app.js'

const JWT_SECRET = 'logging-test-secret-0123456789'
const sign = createSigner({ key: JWT_SECRET, algorithm: 'HS256' })
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

/** Collects what the app's logger writes. */
class CapturedLog {
  readonly lines: string[] = []
  write(line: string): void {
    this.lines.push(line)
  }
  text(): string {
    return this.lines.join('')
  }
}

describe('scrubSecrets', () => {
  const jwt = sign({ sub: 'alice' })

  it('masks JWTs wherever they appear', () => {
    const out = scrubSecrets(`token ${jwt} used; again: "${jwt}"`)
    expect(out).not.toContain(jwt.split('.')[2])
    expect(out).toContain(REDACTED)
  })

  it('masks basic credentials, and only them', () => {
    const creds = basic('bob', 'pw-123')
    expect(scrubSecrets(`Authorization was ${creds}`)).toBe(`Authorization was Basic ${REDACTED}`)
    // `Basic` followed by a word that is not base64 of user:password stays.
    expect(scrubSecrets('Basic mode is the default')).toBe('Basic mode is the default')
  })

  it('masks bearer and DRF tokens, not prose', () => {
    const opaque = 'gAAAAABkZ3h5c2VjcmV0LW9wYXF1ZS10b2tlbg'
    expect(scrubSecrets(`bearer ${opaque}`)).toBe(`bearer ${REDACTED}`)
    expect(scrubSecrets(`Token ${opaque}`)).toBe(`Token ${REDACTED}`)
    expect(scrubSecrets('Token authentication failed')).toBe('Token authentication failed')
  })

  it('masks credential headers named in free text or JSON, whatever their case', () => {
    expect(scrubSecrets('upstream said x-auth-token: opaque123')).toBe(`upstream said x-auth-token: ${REDACTED}`)
    expect(scrubSecrets('{"Cookie":"sid=abc","accept":"*/*"}')).toBe(`{"Cookie":"${REDACTED}","accept":"*/*"}`)
    expect(scrubSecrets('{"X-Subject-Token":"s-1"}')).toBe(`{"X-Subject-Token":"${REDACTED}"}`)
  })

  it('masks URL passwords, keeping the rest of the URL', () => {
    expect(scrubSecrets('connect redis://:hunter2@db:6379 failed')).toBe(`connect redis://:${REDACTED}@db:6379 failed`)
    expect(scrubSecrets('http://u:p4ss@h/x')).toBe(`http://u:${REDACTED}@h/x`)
  })

  it('leaves ordinary log lines alone', () => {
    const line = '{"level":30,"reqId":"req-3f1d6c62-8f1e-4b5e-9a44-0d7f0f3f9b1e","msg":"request completed","res":{"statusCode":200}}'
    expect(scrubSecrets(line)).toBe(line)
  })
})

describe('scrubUrl', () => {
  it('masks credential-like query parameters and JWTs, keeps the others', () => {
    const jwt = sign({ sub: 'alice' })
    expect(scrubUrl('/v1/metric?token=abc&limit=5')).toBe(`/v1/metric?token=${REDACTED}&limit=5`)
    expect(scrubUrl('/v1/x?auth_token=a&Password=b&api-key=c&sort=name')).toBe(
      `/v1/x?auth_token=${REDACTED}&Password=${REDACTED}&api-key=${REDACTED}&sort=name`,
    )
    expect(scrubUrl(`/v1/x?q=${jwt}`)).toBe(`/v1/x?q=${REDACTED}`)
    expect(scrubUrl('/v1/resource/generic?filter=a%3Db')).toBe('/v1/resource/generic?filter=a%3Db')
    expect(scrubUrl('/v1/x')).toBe('/v1/x')
  })
})

describe('no credentials in the logs (captured pino stream)', () => {
  const log = new CapturedLog()
  const jwtHeader = sign({ sub: 'alice', roles: ['admin'] })
  const jwtBearer = sign({ sub: 'bob', roles: ['admin'] })
  const jwtLegacy = sign({ sub: 'carol' })
  const jwtQuery = sign({ sub: 'dave' })
  const jwtInError = sign({ sub: 'eve' })
  const basicCreds = basic('admin', 'basic-password-123')
  const secrets = {
    'basic credentials': basicCreds.slice('Basic '.length),
    'JWT in X-Auth-Token': jwtHeader,
    'JWT in Authorization: Bearer': jwtBearer,
    'JWT in legacy Authorization: Token': jwtLegacy,
    'JWT in the query string': jwtQuery,
    'JWT in an error': jwtInError,
    'signature of a JWT': jwtHeader.split('.')[2],
    'token in the query string': 'query-token-value-42',
    cookie: 'session-cookie-value-42',
    'X-Subject-Token': 'subject-token-value-42',
    'X-Service-Token': 'service-token-value-42',
    'password echoed in an error message': 'echoed-password-42',
  }
  let basicApp: V1TestApp
  let jwtApp: V1TestApp
  const requestIds: string[] = []

  beforeAll(async () => {
    basicApp = await buildV1TestApp({ logLevel: 'info', logStream: log })
    jwtApp = await buildV1TestApp({ logLevel: 'info', logStream: log, auth: { mode: 'jwt', jwtSecret: JWT_SECRET, jwtPublicKey: null } })
    // A route that logs the raw headers, as careless debugging code would.
    basicApp.app.get('/debug/headers', { config: { public: true } }, async (request) => {
      request.log.info({ headers: request.headers, req: { headers: request.headers } }, 'headers of the request')
      return {}
    })
    // A storage failure whose error echoes the request's credentials: the 500 path logs it.
    basicApp.services.index.listArchivePolicies = async () => {
      throw Object.assign(new Error(`backend refused Authorization: ${basicCreds} and password=echoed-password-42 token ${jwtInError}`), {
        headers: { authorization: basicCreds, 'x-auth-token': jwtInError },
        request: { headers: { Authorization: basicCreds, cookie: 'session=session-cookie-value-42' } },
      })
    }

    const responses = await Promise.all([
      basicApp.app.inject({ url: '/v1/archive_policy', headers: { authorization: basicCreds, accept: 'application/json' } }),
      basicApp.app.inject({
        url: '/debug/headers',
        headers: {
          authorization: basicCreds,
          cookie: 'session=session-cookie-value-42',
          'x-subject-token': 'subject-token-value-42',
          'x-service-token': 'service-token-value-42',
          'x-auth-token': jwtHeader,
        },
      }),
      basicApp.app.inject({ url: `/v1/metric?token=query-token-value-42&q=${jwtQuery}`, headers: { authorization: basicCreds, accept: 'application/json' } }),
      jwtApp.app.inject({ url: '/v1/archive_policy', headers: { 'x-auth-token': jwtHeader, accept: 'application/json' } }),
      jwtApp.app.inject({ url: '/v1/archive_policy', headers: { authorization: `Bearer ${jwtBearer}`, accept: 'application/json' } }),
      jwtApp.app.inject({ url: '/api/stats/', headers: { authorization: `Token ${jwtLegacy}`, accept: 'application/json' } }),
    ])
    expect(responses.map((r) => r.statusCode)).toEqual([500, 200, 200, 200, 200, expect.any(Number)])
    for (const r of responses) requestIds.push(String(r.headers['x-openstack-request-id']))
  })
  afterAll(async () => {
    await basicApp.close()
    await jwtApp.close()
  })

  it('logged every request, with its id, and the 500 as an error', () => {
    const records = log.lines.map((l) => JSON.parse(l) as { reqId?: string; level: number; msg: string })
    for (const id of requestIds) expect(records.some((r) => r.reqId === id && r.msg === 'request completed')).toBe(true)
    expect(records.some((r) => r.level === 50 && r.reqId === requestIds[0])).toBe(true)
    expect(log.text()).toContain(REDACTED)
  })

  it.each(Object.entries(secrets))('never writes the %s', (_what, secret) => {
    expect(log.text()).not.toContain(secret)
  })
})
