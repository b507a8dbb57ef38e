import { createSigner } from 'fast-jwt'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Fastify from 'fastify'
import { MeasureService } from '../../src/engine/ingest/measure-service.js'
import { buildApp } from '../../src/http/app.js'
import { acceptPlugin } from '../../src/http/plugins/accept.js'
import { authPlugin } from '../../src/http/plugins/auth.js'
import { bodyPlugin } from '../../src/http/plugins/body.js'
import { pythonJsonPlugin } from '../../src/http/plugins/python-json.js'
import { legacyRoutes, legacyTokenSchemePlugin } from '../../src/http/routes/legacy/index.js'
import { DAY0, HOUR, buildBigEstate, cpuOf, diskBytesOf, memoryOf, type BigEstate } from '../legacy/fixture.js'

const ADMIN = { 'x-user-id': 'root', 'x-project-id': 'ops', 'x-roles': 'admin' }
const user = (projectId: string): Record<string, string> => ({ 'x-user-id': 'u', 'x-project-id': projectId, 'x-roles': 'member' })

async function legacyApp(estate: BigEstate, auth: 'keystone-headers'): Promise<FastifyInstance> {
  const app = await buildApp({
    basePath: '',
    trustProxy: false,
    bodyLimitBytes: 1024 * 1024,
    logLevel: 'silent',
    auth: { mode: auth, jwtSecret: 'sekrit', jwtPublicKey: null },
    services: {
      index: estate.store.index,
      driver: estate.store.driver,
      measures: new MeasureService(estate.store.driver.series, estate.store.index),
    },
    legacy: { reader: estate.store.reader, now: () => estate.store.clock.us },
  })
  return app
}

let estate: BigEstate
let app: FastifyInstance
beforeAll(async () => {
  estate = await buildBigEstate()
  app = await legacyApp(estate, 'keystone-headers')
}, 60_000)
afterAll(async () => {
  await app.close()
  await estate.store.close()
})

const get = async (url: string, headers: Record<string, string> = ADMIN): Promise<{ status: number; body: unknown; headers: Record<string, unknown> }> => {
  const r = await app.inject({ method: 'GET', url, headers })
  return { status: r.statusCode, body: r.body === '' ? null : (JSON.parse(r.body) as unknown), headers: r.headers }
}

/** Reference usage of a set of instances over [from, to) in n intervals, straight from the formulas. */
function reference(instances: BigEstate['instances'], item: 'cpu' | 'memory' | 'storage', from: number, to: number, n: number): number[] {
  const w = Math.floor((to - from) / n)
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const lo = from + i * w
    const hi = lo + w
    const contributions: number[] = []
    for (const inst of instances) {
      const vals: number[] = []
      for (let m = inst.minutes[0]; m <= inst.minutes[1]; m++) {
        const t = DAY0 + m * 60
        if (t < lo || t >= hi) continue
        vals.push(item === 'cpu' ? cpuOf(inst.k, m) : item === 'memory' ? memoryOf(inst.k) : diskBytesOf(inst.k) / 2 ** 20)
      }
      if (vals.length > 0) contributions.push(vals.reduce((a, b) => a + b, 0) / vals.length)
    }
    const sum = contributions.reduce((a, b) => a + b, 0)
    out.push(contributions.length === 0 ? 0 : item === 'cpu' ? sum / contributions.length : sum)
  }
  return out
}

type Usage = { name: string; datapoints: { from: number; to: number; value: number }[] }[]

describe('GET /api/stats/usage/', () => {
  it.each([
    ['cpu', 'customer', 6],
    ['memory', 'project_group', 6],
    ['storage', 'project', 288],
    ['cpu', 'project', 7],
  ] as const)('%s by %s, %i datapoints over the whole day, against the reference', async (item, aggregate, n) => {
    const from = DAY0 - HOUR
    const to = DAY0 + 86400 + HOUR
    const { status, body } = await get(`/api/stats/usage/?item=${item}&aggregate=${aggregate}&from=${from}&to=${to}&datapoints=${n}`)
    expect(status).toBe(200)
    const groups = body as Usage
    const owners = aggregate === 'customer' ? estate.customers : aggregate === 'project' ? estate.projects : estate.groups
    expect(groups.map((g) => g.name)).toEqual(owners.map((_, i) => `${aggregate === 'customer' ? 'Customer' : aggregate === 'project' ? 'Project' : 'Group'} ${i}`))
    for (const [gi, g] of groups.entries()) {
      const members = estate.instances.filter((inst) => {
        const p = estate.projects[inst.projectIndex]
        return aggregate === 'customer' ? p.customer === gi : aggregate === 'project' ? inst.projectIndex === gi : p.group === gi
      })
      if (members.length === 0) {
        expect(g.datapoints).toEqual([])
        continue
      }
      const expected = reference(members, item, from, to, n)
      expect(g.datapoints.map((d) => d.from)).toEqual(expected.map((_, i) => from + i * Math.floor((to - from) / n)))
      for (const [i, d] of g.datapoints.entries()) expect(d.value).toBeCloseTo(expected[i], 9)
    }
  })

  it('defaults to the last hour in 6 intervals of customers', async () => {
    const { body } = await get('/api/stats/usage/?item=cpu')
    const now = DAY0 + 86400
    expect((body as Usage)[0].datapoints.map((d) => [d.from, d.to])).toEqual([0, 1, 2, 3, 4, 5].map((i) => [now - 3600 + i * 600, now - 3600 + (i + 1) * 600]))
  })

  it('renders floats like Python and empty intervals as 0', async () => {
    const r = await app.inject({ url: `/api/stats/usage/?item=memory&aggregate=project&uuid=${estate.projects[1].id}&from=${DAY0 - 120}&to=${DAY0 + 120}&datapoints=2`, headers: ADMIN })
    // Project 1: instances 1, 21, …, 181 (10, all reporting at midnight); memory 512 + (k % 4)·512 = 1024 as k ≡ 1 (mod 4).
    expect(r.body).toBe(`[{"name": "Project 1", "datapoints": [{"from": ${DAY0 - 120}, "to": ${DAY0}, "value": 0}, {"from": ${DAY0}, "to": ${DAY0 + 120}, "value": ${10 * 1024}.0}]}]`)
  })

  it('a project member sees their customer, their group and only their instances', async () => {
    const p = estate.projects[5]
    const { body } = await get(`/api/stats/usage/?item=memory&aggregate=customer&from=${DAY0}&to=${DAY0 + 600}&datapoints=1`, user(p.id))
    const mine = estate.instances.filter((i) => i.projectIndex === 5)
    expect(body).toEqual([{ name: `Customer ${p.customer}`, datapoints: [{ from: DAY0, to: DAY0 + 600, value: reference(mine, 'memory', DAY0, DAY0 + 600, 1)[0] }] }])
    const groups = await get(`/api/stats/usage/?item=cpu&aggregate=project_group`, user(p.id))
    expect((groups.body as Usage).map((g) => g.name)).toEqual([`Group ${p.group}`])
  })

  it('reads all series in one batched call', async () => {
    const before = estate.store.reader.calls
    await get(`/api/stats/usage/?item=cpu&aggregate=project&from=${DAY0}&to=${DAY0 + 86400}&datapoints=24`)
    expect(estate.store.reader.calls - before).toBe(1)
  })

  it.each([
    ['?aggregate=x&item=cpu', 'Get parameter "aggregate" can take only this values: customer, project, project_group'],
    ['', { item: ['This field may not be null.'] }],
    ['?item=cpu&from=10&to=5', { non_field_errors: ['Interval value `from` has to be less then `to`'] }],
    ['?item=cpu&datapoints=abc', { segments_count: ['A valid integer is required.'] }],
  ])('400 for %s, even for a caller who sees nothing', async (qs, body) => {
    expect(await get(`/api/stats/usage/${qs}`)).toMatchObject({ status: 400, body })
    expect(await get(`/api/stats/usage/${qs}`, user('00000000-0000-0000-0000-000000000000'))).toMatchObject({ status: 400, body })
  })
})

describe('GET /api/stats/customer/', () => {
  it('admin: every customer with global counts (ended instances not counted)', async () => {
    const { body } = await get('/api/stats/customer/')
    const expected = estate.customers.map((c, ci) => ({
      name: c.name,
      abbreviation: `C${ci}`,
      projects: estate.projects.filter((p) => p.customer === ci).length,
      project_groups: 2,
      instances: estate.instances.filter((i) => estate.projects[i.projectIndex].customer === ci && !(i.k >= 180 && i.k < 190)).length,
    }))
    expect(body).toEqual(expected)
  })

  it.each([
    [4, 0],
    [7, 1],
  ])('member of project %i: their customer, their own counts', async (p, groups) => {
    const { body } = await get('/api/stats/customer/?ignored=1', user(estate.projects[p].id))
    const live = estate.instances.filter((i) => i.projectIndex === p && !(i.k >= 180 && i.k < 190)).length
    expect(body).toEqual([{ name: `Customer ${p % 3}`, abbreviation: `C${p % 3}`, projects: 1, project_groups: groups, instances: live }])
  })

  it('nothing for an identity without a known project', async () => {
    expect((await get('/api/stats/customer/', user('someone-else'))).body).toEqual([])
  })
})

describe('GET /api/stats/resource/', () => {
  it.each<[string, Record<string, string>, number, unknown]>([
    ['', user('x'), 403, { detail: 'You do not have permission to perform this action.' }],
    ['', ADMIN, 400, { detail: 'GET parameter "auth_url" has to be defined' }],
    ['?auth_url=', ADMIN, 400, { detail: 'No clouds with auth url: ' }],
    ['?auth_url=http://keystone-0.example:5000/v3/', ADMIN, 400, { detail: 'No clouds with auth url: http://keystone-0.example:5000/v3/' }],
  ])('%s → %i', async (qs, headers, status, body) => {
    expect(await get(`/api/stats/resource/${qs}`, headers)).toMatchObject({ status, body })
  })

  it('hypervisor figures and quota sums, keys sorted', async () => {
    const r = await app.inject({ url: `/api/stats/resource/?auth_url=${encodeURIComponent(estate.clouds[0].authUrl)}`, headers: ADMIN })
    expect(r.statusCode).toBe(200)
    expect(r.body).toBe(
      '{"free_disk_gb": 105, "free_ram_mb": 104, "memory_mb": 102, "memory_mb_used": 103, "memory_quota": 1024000.0, ' +
        '"storage_quota": 20480000.0, "vcpu_quota": 400.0, "vcpus": 100, "vcpus_used": 101}',
    )
  })

  it('an unlimited tenant makes the sum -1; a cloud without tenants gives 0.0', async () => {
    expect((await get(`/api/stats/resource/?auth_url=${encodeURIComponent(estate.clouds[1].authUrl)}`)).body).toMatchObject({
      vcpu_quota: 12,
      memory_quota: 6144,
      storage_quota: -1,
      vcpus: 200,
    })
    expect((await get(`/api/stats/resource/?auth_url=${encodeURIComponent(estate.clouds[2].authUrl)}`)).body).toEqual({
      free_disk_gb: 0, free_ram_mb: 0, memory_mb: 0, memory_mb_used: 0, memory_quota: 0, storage_quota: 0, vcpu_quota: 0, vcpus: 0, vcpus_used: 0,
    })
  })
})

describe('alert statistics', () => {
  const stats = async (qs: string, headers: Record<string, string> = ADMIN): Promise<unknown> => (await get(`/api/alerts/stats/${qs}`, headers)).body

  it.each([
    ['', { Debug: 25, Error: 25, Info: 25, Warning: 25 }],
    // Severity of alert a: Debug, Info, Warning, Error for a % 4 = 0..3; 0-9 closed, 10-19 acknowledged.
    ['?opened', { Debug: 22, Error: 23, Info: 22, Warning: 23 }],
    ['?acknowledged=true', { Debug: 2, Error: 3, Info: 2, Warning: 3 }],
    ['?acknowledged=False&opened', { Debug: 20, Error: 20, Info: 20, Warning: 20 }],
    ['?alert_type=customer_alert_80&alert_type=customer_alert_81', { Debug: 1, Error: 0, Info: 1, Warning: 0 }],
    ['?scope_type=customer', { Debug: 5, Error: 5, Info: 5, Warning: 5 }],
    [`?created_from=${DAY0 + 600 * 50}&created_to=${DAY0 + 600 * 54}`, { Debug: 1, Error: 1, Info: 1, Warning: 1 }],
    ['?created_from=abc', { Debug: 0, Error: 0, Info: 0, Warning: 0 }],
    [`?closed_from=${DAY0 + HOUR}&closed_to=${DAY0 + HOUR + 600 * 2}`, { Debug: 1, Error: 0, Info: 1, Warning: 0 }],
    // Active during [from, to]: created by `to` and not closed before `from`.
    // Alert 9 closed at +9000 s is out, 10-16 (open, created by +9600 s) are in.
    [`?from=${DAY0 + 9001}&to=${DAY0 + 9600}`, { Debug: 2, Error: 2, Info: 1, Warning: 2 }],
    ['?severity=Error&severity=Nope', { Debug: 0, Error: 25, Info: 0, Warning: 0 }],
  ])('%s', async (qs, expected) => {
    expect(await stats(qs)).toEqual(expected)
  })

  it('aggregate + uuid keeps the object, its projects and their resources; same answer on every alias', async () => {
    const c = estate.customers[1]
    const expected = { Debug: 0, Error: 0, Info: 0, Warning: 0 }
    for (let a = 0; a < 100; a++) {
      const project = a < 60 ? estate.projects[estate.instances[a].projectIndex] : a < 80 ? estate.projects[a - 60] : null
      const hit = project !== null ? project.customer === 1 : a % 3 === 1
      if (hit) expected[(['Debug', 'Info', 'Warning', 'Error'] as const)[a % 4]]++
    }
    const qs = `?aggregate=customer&uuid=${c.id.replace(/-/g, '')}`
    for (const path of ['/api/alerts/stats/', '/api/stats/alert/', '/api/stats/alerts/', '/api/stats/alerts/anything/']) {
      expect((await get(`${path}${qs}`)).body).toEqual(expected)
    }
  })

  it('a project member counts only the alerts of their scopes', async () => {
    // Project 3: instances 3, 23, 43 (alerts 3, 23, 43: Error), the project itself (alert 63: Error) and its
    // customer 0 (alerts 81 I, 84 D, 87 E, 90 W, 93 I, 96 D, 99 E).
    expect(await stats('', user(estate.projects[3].id))).toEqual({ Debug: 2, Error: 6, Info: 2, Warning: 1 })
  })

  it.each<[string, unknown]>([
    ['?from=abc', { start: ['Value "abc" should be valid UNIX timestamp.'] }],
    ['?from=1&to=x', { end: ['Value "x" should be valid UNIX timestamp.'] }],
    ['?from=10&to=10', { non_field_errors: ['End must occur after start'] }],
    ['?aggregate=cloud', { aggregate: ['"cloud" is not a valid choice.'] }],
    ['?scope=http://x/v1/resource/project/nope', ['Can`t restore object from url: http://x/v1/resource/project/nope']],
    ['?scope_type=vm', ['Scope type "vm" is not valid. Has to be one from list: cloud, customer, instance, project, project_group, tenant']],
  ])('400 for %s', async (qs, body) => {
    expect(await get(`/api/alerts/stats/${qs}`)).toEqual({ status: 400, body, headers: expect.anything() as unknown })
  })

  it('scope=<resource url> selects that object', async () => {
    const url = `http://localhost:80/v1/resource/project/${estate.projects[2].id}`
    expect(await stats(`?scope=${encodeURIComponent(url)}`)).toEqual({ Debug: 0, Error: 0, Info: 0, Warning: 1 })
  })
})

describe('/api/alerts/', () => {
  it('lists newest first with pagination headers', async () => {
    const r = await get('/api/alerts/?page=2&page_size=30')
    expect(r.status).toBe(200)
    expect(r.headers['x-result-count']).toBe('100')
    expect(String(r.headers.link)).toContain('page=3&page_size=30>; rel="next"')
    const list = r.body as { uuid: string; message: string; severity: string; scope: string; url: string }[]
    expect(list).toHaveLength(30)
    expect(list[0].message).toBe('Alert 69')
    expect(Object.keys(list[0])).toEqual(['url', 'uuid', 'alert_type', 'message', 'severity', 'scope', 'created', 'closed', 'context', 'acknowledged'])
    expect(list[0].scope).toBe(`http://localhost:80/v1/resource/project/${estate.projects[9].id}`)
    expect(list[0].url).toBe(`http://localhost:80/api/alerts/${list[0].uuid}/`)
    expect((await get('/api/alerts/?page=10')).status).toBe(200)
    expect((await get('/api/alerts/?page=11')).body).toEqual({ detail: 'Invalid page.' })
  })

  it('create-or-update, acknowledge, cancel, close, and who may do what', async () => {
    const scope = `http://localhost/v1/resource/instance/${estate.instances[5].id}`
    const post = (url: string, headers: Record<string, string>, payload?: object) =>
      app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload: payload === undefined ? undefined : JSON.stringify(payload) })
    const body = { scope, message: 'disk full', alert_type: 'disk', severity: 'Warning' }
    const created = await post('/api/alerts/', ADMIN, body)
    expect(created.statusCode).toBe(201)
    const alert = JSON.parse(created.body) as { uuid: string; severity: string; context: Record<string, unknown> }
    expect(alert.context).toMatchObject({ scope_name: 'vm-5', customer_name: `Customer ${5 % 3}` })
    const again = await post('/api/alerts/', ADMIN, { ...body, severity: 'Error', message: 'disk really full' })
    expect(again.statusCode).toBe(201)
    expect(JSON.parse(again.body)).toMatchObject({ uuid: alert.uuid, severity: 'Error', message: 'disk really full' })

    const member = user(estate.projects[5].id)
    expect((await post('/api/alerts/', member, body)).statusCode).toBe(403)
    expect((await post('/api/alerts/', ADMIN, { scope: 'http://x/nope', severity: 'Bad', message: '' })).body).toBe(
      JSON.stringify({ alert_type: ['This field is required.'], message: ['This field may not be blank.'], severity: ['"Bad" is not a valid choice.'], scope: ['Can`t restore object from url: http://x/nope'] }).replace(/":/g, '": ').replace(/,"/g, ', "'),
    )
    expect((await get(`/api/alerts/${alert.uuid}/`, member)).status).toBe(200)
    expect((await get(`/api/alerts/${alert.uuid}/`, user(estate.projects[6].id))).status).toBe(404)

    expect((await post(`/api/alerts/${alert.uuid}/acknowledge/`, member)).statusCode).toBe(200)
    expect(await post(`/api/alerts/${alert.uuid}/acknowledge/`, member)).toMatchObject({ statusCode: 409, body: '{"detail": "Alert is already acknowledged"}' })
    expect((await post(`/api/alerts/${alert.uuid}/cancel_acknowledgment/`, member)).statusCode).toBe(200)
    expect(await post(`/api/alerts/${alert.uuid}/cancel_acknowledgment/`, member)).toMatchObject({ statusCode: 409, body: '{"detail": "Alert is not acknowledged"}' })
    expect(await post(`/api/alerts/${alert.uuid}/close/`, member)).toMatchObject({ statusCode: 403, body: '{"detail": "Permission denied."}' })
    expect((await post(`/api/alerts/${alert.uuid}/close/`, ADMIN)).statusCode).toBe(204)
    const reopened = JSON.parse((await post('/api/alerts/', ADMIN, body)).body) as { uuid: string }
    expect(reopened.uuid).not.toBe(alert.uuid)
    await post(`/api/alerts/${reopened.uuid}/close/`, ADMIN)
  })
})

describe('HTTP edges', () => {
  it.each<[string, string, Record<string, string>, number, unknown]>([
    ['GET', '/api/stats/customer/', {}, 401, { detail: 'Authentication credentials were not provided.' }],
    ['DELETE', '/api/stats/usage/', ADMIN, 405, { detail: 'Method "DELETE" not allowed.' }],
    ['PUT', '/api/alerts/', ADMIN, 405, { detail: 'Method "PUT" not allowed.' }],
    ['GET', '/api/nothing/', ADMIN, 404, { detail: 'Not found.' }],
    ['GET', '/api/alerts/0123/', ADMIN, 404, { detail: 'Not found.' }],
  ])('%s %s → %i', async (method, url, headers, status, body) => {
    const r = await app.inject({ method: method as 'GET', url, headers })
    expect([r.statusCode, JSON.parse(r.body)]).toEqual([status, body])
  })

  it('redirects a path without the trailing slash', async () => {
    const r = await app.inject({ url: '/api/stats/usage?item=cpu', headers: ADMIN })
    expect([r.statusCode, r.headers.location]).toEqual([301, '/api/stats/usage/?item=cpu'])
  })

  it('jwt mode: Authorization: Token, X-Auth-Token, and a bad token', async () => {
    // The Token hook must run before authentication, so this app registers it first.
    const jwtApp = Fastify()
    await jwtApp.register(pythonJsonPlugin)
    await jwtApp.register(acceptPlugin)
    await jwtApp.register(bodyPlugin)
    await jwtApp.register(legacyTokenSchemePlugin, { prefix: '/api/' })
    await jwtApp.register(authPlugin, { mode: 'jwt', jwtSecret: 'sekrit', jwtPublicKey: null })
    await jwtApp.register(legacyRoutes, { prefix: '/api', index: estate.store.index, reader: estate.store.reader, urls: () => ({ scope: (t, i) => `/v1/resource/${t}/${i}`, alert: (u) => `/api/alerts/${u}/` }) })
    const token = createSigner({ key: 'sekrit' })({ sub: 'u', project_id: estate.projects[4].id, roles: ['member'] })
    for (const headers of [{ authorization: `Token ${token}` }, { 'x-auth-token': token }]) {
      const r = await jwtApp.inject({ url: '/api/stats/customer/', headers })
      expect(r.statusCode).toBe(200)
      expect(JSON.parse(r.body)).toHaveLength(1)
    }
    const bad = await jwtApp.inject({ url: '/api/stats/customer/', headers: { authorization: 'Token nope' } })
    expect([bad.statusCode, JSON.parse(bad.body)]).toEqual([401, { detail: 'Invalid token.' }])
    await jwtApp.close()
  })
})
