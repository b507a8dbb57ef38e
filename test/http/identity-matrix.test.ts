/**
 * Identity × route matrix (gnocchi-rest.md §1.11–§1.12): every route of the v1 API and of the
 * legacy `/api` routes, called by an admin, the owner of the fixtures (project P1), a member of
 * another project (P2), a caller without credentials and callers with bad credentials, in the
 * basic, jwt and keystone-headers auth modes. The table is in `identity-matrix/rows.ts`; a route
 * registered without a row fails the completeness check.
 */
import dc from 'node:diagnostics_channel'
import type { FastifyInstance, RouteOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildV1TestApp, type V1TestApp } from '../helpers/v1-app.js'
import { buildFixtures, type Fixtures } from './identity-matrix/fixtures.js'
import { MODES, WHO, type Mode } from './identity-matrix/identities.js'
import { MATRIX, PUBLIC_PREFIXES, PUBLIC_ROUTES, type MatrixRow } from './identity-matrix/rows.js'

const rowKey = (method: string, route: string): string => `${method} ${route}`

/**
 * Builds the test app while recording every route it registers: Fastify announces each new
 * instance on the `fastify.initialization` channel before any plugin runs, so an `onRoute` hook
 * added there sees them all.
 */
async function buildRecordingApp(mode: Mode): Promise<{ t: V1TestApp; routes: Set<string> }> {
  const routes = new Set<string>()
  const record = (message: unknown): void => {
    const fastify = (message as { fastify: FastifyInstance }).fastify
    fastify.addHook('onRoute', (route: RouteOptions) => {
      for (const method of [route.method].flat()) routes.add(rowKey(method, route.url))
    })
  }
  dc.subscribe('fastify.initialization', record)
  try {
    const t = await buildV1TestApp({ auth: mode.auth })
    await t.app.ready()
    return { t, routes }
  } finally {
    dc.unsubscribe('fastify.initialization', record)
  }
}

const isPublic = (key: string): boolean => {
  const [method, route] = key.split(' ') as [string, string]
  return method === 'OPTIONS' || PUBLIC_ROUTES.includes(route) || PUBLIC_PREFIXES.some((p) => route === p || route.startsWith(`${p}/`))
}

const label = (row: MatrixRow): string => `${row.method} ${row.route}${row.variant === undefined ? '' : ` (${row.variant})`}`

describe.each(MODES)('identity matrix, $name mode', (mode) => {
  let t: V1TestApp
  let routes: Set<string>
  let f: Fixtures

  beforeAll(async () => {
    ;({ t, routes } = await buildRecordingApp(mode))
    f = await buildFixtures(mode, t)
  })
  afterAll(async () => {
    await t.close()
  })

  it('has a row for every registered route and method, and no row for a route that does not exist', () => {
    expect(routes.size).toBeGreaterThan(50)
    const covered = new Set(MATRIX.map((r) => rowKey(r.method, r.route)))
    const missing = [...routes].filter((key) => !isPublic(key) && !covered.has(key)).sort()
    expect(missing, 'registered routes without a matrix row').toEqual([])
    const stale = [...covered].filter((key) => !routes.has(key)).sort()
    expect(stale, 'matrix rows for routes that are not registered').toEqual([])
  })

  it.each(MATRIX.map((row) => [label(row), row] as const))('%s', async (_label, row) => {
    const expected = typeof row.expect === 'function' ? row.expect(mode.name) : row.expect
    const want: Record<string, number> = {}
    const got: Record<string, number> = {}
    const successes: { who: (typeof WHO)[number]; res: Awaited<ReturnType<FastifyInstance['inject']>> }[] = []
    for (const who of WHO) {
      for (const [variant, headers] of mode.credentials[who]) {
        const key = mode.credentials[who].length > 1 ? `${who}: ${variant}` : who
        const request = await row.request(f)
        const res = await t.app.inject({
          method: row.method,
          ...request,
          headers: { accept: 'application/json', ...(request.headers as Record<string, string> | undefined), ...headers },
        })
        want[key] = expected[who]
        got[key] = res.statusCode
        if (res.statusCode >= 400 && res.statusCode !== 405 && row.route.startsWith('/v1/')) {
          // Gnocchi's error shape on every refusal.
          expect(res.json(), `${key} body`).toMatchObject({ code: res.statusCode })
        }
        if (res.statusCode < 300) successes.push({ who, res })
      }
    }
    expect(got).toEqual(want)
    if (row.verify !== undefined) for (const { who, res } of successes) row.verify(res, who, f)
  })
})
