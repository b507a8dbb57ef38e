/**
 * End-to-end with the real `gnocchi` CLI (python3-gnocchiclient 7.0.x, installed by `.ci/run`):
 * the built server runs as a child process on the embedded driver and every step goes through
 * the client, so what is checked is what an operator using the CLI sees. Expected values are
 * computed by hand from the measures pushed here; where Gnocchi's behaviour is surprising the
 * comment says so, and it was checked against the reference Gnocchi 4.4 with the same commands.
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSigner } from 'fast-jwt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gnocchiCli, requireGnocchiCli, type GnocchiCli } from '../helpers/gnocchi-cli.js'
import { startServer, type ServerProcess } from '../helpers/server-process.js'

/**
 * Each CLI call starts Python (about 1.2 s of CPU, mostly imports); a test makes up to a dozen
 * of them, which takes far longer than vitest's default on a loaded two-core machine.
 */
const CLI_TEST_TIMEOUT = 180_000

/** Minute `hm` ("12:01") of 2024-01-01 as the CLI sends it. */
const at = (hm: string): string => `2024-01-01T${hm}:00`
/** Minute `hm` of 2024-01-01 as the CLI prints it with `--utc`. */
const utc = (hm: string): string => `2024-01-01T${hm}:00+00:00`

/** One row of `measures show` / `aggregates` output. */
interface MeasureRow {
  readonly timestamp: string
  readonly granularity: number | string
  readonly value: number | string
  readonly name?: string
  readonly group?: string
}

/** Rows as `[timestamp, granularity, value]`, optionally only those of one granularity. */
function series(rows: readonly MeasureRow[], granularity?: number): [string, number, number][] {
  return rows
    .filter((r) => granularity === undefined || Number(r.granularity) === granularity)
    .map((r) => [r.timestamp, Number(r.granularity), Number(r.value)])
}

/** Values per `group` of a `--groupby` aggregates output. */
function groups(rows: readonly MeasureRow[]): Record<string, number[]> {
  const out: Record<string, number[]> = {}
  for (const r of rows) (out[r.group ?? ''] ??= []).push(Number(r.value))
  return out
}

/** `-m` flags of `measures add` for `[minute, value]` pairs. */
const measureFlags = (points: readonly (readonly [string, number])[]): string[] => points.flatMap(([hm, v]) => ['-m', `${at(hm)}@${v}`])

type Fields = Record<string, unknown>
type Resource = Fields & { id: string; metrics: Record<string, string> }

const tmp = mkdtempSync(join(tmpdir(), 'polenta-cli-e2e-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('the gnocchi CLI', () => {
  it('is installed', () => {
    // Never skipped: a machine without the client fails here with the install command.
    expect(requireGnocchiCli()).toMatch(/gnocchi$/)
  })
})

describe('gnocchi CLI against the real server (POLENTA_AUTH=basic, embedded storage)', { timeout: CLI_TEST_TIMEOUT }, () => {
  let server: ServerProcess
  let admin: GnocchiCli
  const r1 = randomUUID()
  const r2 = randomUUID()
  const r3 = randomUUID()
  const genericOriginalId = `e2e-generic-${randomUUID().slice(0, 8)}`
  const resources: Record<string, Resource> = {}
  let genericId = ''
  let standaloneId = ''

  beforeAll(async () => {
    requireGnocchiCli()
    server = await startServer({ POLENTA_STORAGE: 'embedded', POLENTA_DATA_DIR: join(tmp, 'basic') })
    admin = gnocchiCli(server.url, { basicUser: 'admin' })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('archive-policy create, show, list, update', async () => {
    const [created, spare] = await Promise.all([
      admin.json<Fields>(
        'archive-policy', 'create', 'e2e-ap',
        '-d', 'granularity:1m,points:60', '-d', 'granularity:1h,points:24',
        '-m', 'mean', '-m', 'sum', '-m', 'max', '-m', 'min', '-m', 'count',
      ),
      // Timespan instead of points, a back window, and `+` adding to the default methods.
      admin.json<Fields>('archive-policy', 'create', 'e2e-spare', '-b', '2', '-d', 'granularity:1s,timespan:1h', '-m', '+rate:mean'),
    ])
    expect(created).toMatchObject({ name: 'e2e-ap', back_window: 0 })
    expect([...(created.aggregation_methods as string[])].sort()).toEqual(['count', 'max', 'mean', 'min', 'sum'])
    expect(created.definition).toEqual([
      { granularity: '0:01:00', points: 60, timespan: '1:00:00' },
      { granularity: '1:00:00', points: 24, timespan: '1 day, 0:00:00' },
    ])
    expect(spare).toMatchObject({ back_window: 2, definition: [{ granularity: '0:00:01', points: 3600, timespan: '1:00:00' }] })
    expect(spare.aggregation_methods).toEqual(expect.arrayContaining(['rate:mean', 'mean', 'count']))

    const [shown, listed] = await Promise.all([admin.json<Fields>('archive-policy', 'show', 'e2e-ap'), admin.json<Fields[]>('archive-policy', 'list')])
    expect(shown.definition).toEqual(created.definition)
    expect(listed.map((p) => p.name)).toEqual(expect.arrayContaining(['e2e-ap', 'e2e-spare']))

    // gnocchiclient PATCHes `/v1/archive_policy//e2e-ap` with `points` as a string.
    const updated = await admin.json<Fields>('archive-policy', 'update', 'e2e-ap', '-d', 'granularity:1m,points:120', '-d', 'granularity:1h,points:24')
    expect(updated.definition).toEqual([
      { granularity: '0:01:00', points: 120, timespan: '2:00:00' },
      { granularity: '1:00:00', points: 24, timespan: '1 day, 0:00:00' },
    ])
  })

  it('archive-policy-rule create, update (rename), show', async () => {
    const created = await admin.json<Fields>('archive-policy-rule', 'create', 'e2e-rule', '-a', 'e2e-ap', '-m', 'e2e.*')
    expect(created).toEqual({ name: 'e2e-rule', archive_policy_name: 'e2e-ap', metric_pattern: 'e2e.*' })
    const renamed = await admin.json<Fields>('archive-policy-rule', 'update', 'e2e-rule', '-n', 'e2e-rule-2')
    expect(renamed).toEqual({ name: 'e2e-rule-2', archive_policy_name: 'e2e-ap', metric_pattern: 'e2e.*' })
    const shown = await admin.json<Fields>('archive-policy-rule', 'show', 'e2e-rule-2')
    expect(shown).toEqual(renamed)
  })

  it('resource-type create, update (add and remove an attribute), show', async () => {
    const created = await admin.json<Fields>('resource-type', 'create', 'e2e_host', '-a', 'host:string:true:max_length=255', '-a', 'flavor:string:false')
    expect(created).toEqual({
      name: 'e2e_host',
      state: 'active',
      'attributes/host': 'max_length=255, min_length=0, required=True, type=string',
      'attributes/flavor': 'max_length=255, min_length=0, required=False, type=string',
    })
    const added = await admin.json<Fields>('resource-type', 'update', 'e2e_host', '-a', 'rack:number:false:min=0:max=100')
    expect(added['attributes/rack']).toBe('max=100, min=0, required=False, type=number')
    const removed = await admin.json<Fields>('resource-type', 'update', 'e2e_host', '-r', 'rack')
    expect(removed).not.toHaveProperty('attributes/rack')
    expect(await admin.json('resource-type', 'show', 'e2e_host')).toEqual(created)
  })

  it('resource create (custom type with attributes and metrics, generic with a non-UUID id), show, update, history', async () => {
    const specs = [[r1, 'compute1', 'small'], [r2, 'compute2', 'big'], [r3, 'compute1', 'big']] as const
    const [generic, ...custom] = await Promise.all([
      admin.json<Resource>('resource', 'create', genericOriginalId, '-a', 'project_id:e2e-project'),
      ...specs.map(([id, host, flavor]) =>
        admin.json<Resource>('resource', 'create', '-t', 'e2e_host', id, '-a', `host:${host}`, '-a', `flavor:${flavor}`, '-n', 'cpu:e2e-ap'),
      ),
    ])
    specs.forEach(([id, host, flavor], i) => {
      const r = custom[i]
      expect(r).toMatchObject({ id, type: 'e2e_host', host, flavor, creator: 'admin', created_by_user_id: 'admin' })
      expect(Object.keys(r.metrics)).toEqual(['cpu'])
      resources[id] = r
    })
    expect(generic).toMatchObject({ type: 'generic', original_resource_id: genericOriginalId, project_id: 'e2e-project', metrics: {} })
    expect(generic.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/)
    genericId = generic.id

    const shown = await admin.json<Resource>('resource', 'show', '-t', 'e2e_host', r1)
    expect(shown).toMatchObject({ id: r1, host: 'compute1', flavor: 'small', metrics: resources[r1].metrics })
    const updated = await admin.json<Resource>('resource', 'update', '-t', 'e2e_host', r1, '-a', 'flavor:large')
    expect(updated).toMatchObject({ id: r1, host: 'compute1', flavor: 'large' })
    const history = await admin.json<Fields[]>('resource', 'history', '-t', 'e2e_host', r1)
    expect(history.map((h) => h.flavor)).toEqual(['small', 'large'])
  })

  it('resource list and search with a filter string', async () => {
    const [listed, searched] = await Promise.all([
      admin.json<Fields[]>('resource', 'list', '-t', 'e2e_host'),
      admin.json<Fields[]>('resource', 'search', '-t', 'e2e_host', 'host=compute1 and flavor!=large'),
    ])
    expect(listed.map((r) => r.id).sort()).toEqual([r1, r2, r3].sort())
    expect(searched.map((r) => r.id)).toEqual([r3])
  })

  it('metric create, show, list', async () => {
    const created = await admin.json<Fields>('metric', 'create', '-a', 'e2e-ap', '-u', 'ms', 'e2e-standalone')
    // `metric create` prints `archive_policy_name`, `metric show` prints `archive_policy/name`.
    expect(created).toMatchObject({ name: 'e2e-standalone', unit: 'ms', archive_policy_name: 'e2e-ap', resource_id: null })
    standaloneId = created.id as string
    const [shown, listed] = await Promise.all([admin.json<Fields>('metric', 'show', standaloneId), admin.json<Fields[]>('metric', 'list')])
    expect(shown).toMatchObject({ id: standaloneId, name: 'e2e-standalone', unit: 'ms', 'archive_policy/name': 'e2e-ap' })
    expect(listed.map((m) => m.id)).toEqual(expect.arrayContaining([standaloneId, resources[r1].metrics.cpu, resources[r3].metrics.cpu]))
  })

  it('measures add, batch-metrics and batch-resources-metrics --create-metrics from JSON files', async () => {
    await Promise.all([
      admin.run('measures', 'add', '-r', r1, 'cpu', ...measureFlags([['12:00', 10], ['12:01', 20], ['12:02', 30]])),
      admin.run('measures', 'add', '-r', r2, 'cpu', ...measureFlags([['12:00', 1], ['12:01', 2], ['12:02', 3]])),
    ])
    const byMetric = join(tmp, 'batch-metrics.json')
    writeFileSync(byMetric, JSON.stringify({
      // r3 has no point at 12:01: the overlap and fill cases below depend on that gap.
      [resources[r3].metrics.cpu]: [{ timestamp: at('12:00'), value: 100 }, { timestamp: at('12:02'), value: 300 }],
      [standaloneId]: [{ timestamp: at('12:00'), value: 4 }, { timestamp: '2024-01-01T12:00:30', value: 6 }, { timestamp: at('12:02'), value: 8 }],
    }))
    const byResource = join(tmp, 'batch-resources.json')
    // `e2e.disk` does not exist: --create-metrics creates it with the rule's archive policy.
    writeFileSync(byResource, JSON.stringify({ [genericId]: { 'e2e.disk': [{ timestamp: at('12:00'), value: 7 }, { timestamp: at('12:01'), value: 9 }] } }))
    await Promise.all([admin.run('measures', 'batch-metrics', byMetric), admin.run('measures', 'batch-resources-metrics', '--create-metrics', byResource)])
    const disk = await admin.json<Fields>('metric', 'show', '-r', genericId, 'e2e.disk')
    expect(disk).toMatchObject({ name: 'e2e.disk', 'archive_policy/name': 'e2e-ap', 'resource/id': genericId })
  })

  it('measures show with --refresh, --aggregation, --granularity, --start/--stop, --resample', async () => {
    const all = await admin.json<MeasureRow[]>('measures', 'show', '-r', r1, 'cpu', '--refresh', '--utc')
    expect(series(all, 60)).toEqual([[utc('12:00'), 60, 10], [utc('12:01'), 60, 20], [utc('12:02'), 60, 30]])
    expect(series(all, 3600)).toEqual([[utc('12:00'), 3600, 20]])
    const [max, window, count, resampled, disk] = await Promise.all([
      admin.json<MeasureRow[]>('measures', 'show', '-r', r1, 'cpu', '--aggregation', 'max', '--granularity', '3600', '--utc'),
      // --stop is exclusive.
      admin.json<MeasureRow[]>('measures', 'show', '-r', r1, 'cpu', '--granularity', '60', '--start', at('12:01'), '--stop', at('12:02'), '--utc'),
      admin.json<MeasureRow[]>('measures', 'show', standaloneId, '--refresh', '--aggregation', 'count', '--granularity', '60', '--utc'),
      // The three 1-minute sums (10, 20, 30) folded into one 3-minute bucket.
      admin.json<MeasureRow[]>('measures', 'show', '-r', r1, 'cpu', '--granularity', '60', '--resample', '180', '--aggregation', 'sum', '--utc'),
      // By the resource's original (non-UUID) id.
      admin.json<MeasureRow[]>('measures', 'show', '-r', genericOriginalId, 'e2e.disk', '--refresh', '--utc'),
    ])
    expect(series(max)).toEqual([[utc('12:00'), 3600, 30]])
    expect(series(window)).toEqual([[utc('12:01'), 60, 20]])
    expect(series(count)).toEqual([[utc('12:00'), 60, 2], [utc('12:02'), 60, 1]])
    expect(series(resampled)).toEqual([[utc('12:00'), 180, 60]])
    expect(series(disk)).toEqual([[utc('12:00'), 3600, 8], [utc('12:00'), 60, 7], [utc('12:01'), 60, 9]])
    // The remaining series, so that every aggregate below reads processed data.
    await Promise.all([
      admin.json('measures', 'show', '-r', r2, 'cpu', '--refresh'),
      admin.json('measures', 'show', '-r', r3, 'cpu', '--refresh'),
    ])
  })

  it('aggregates with an operations string over a resource search, and with --groupby', async () => {
    const [compute1, grouped] = await Promise.all([
      admin.json<MeasureRow[]>('aggregates', '--resource-type', 'e2e_host', '--granularity', '60', '(aggregate sum (metric cpu mean))', 'host=compute1'),
      admin.json<MeasureRow[]>('aggregates', '--resource-type', 'e2e_host', '--granularity', '60', '--groupby', 'host', '(aggregate sum (metric cpu mean))', 'host like "compute%"'),
    ])
    // compute1 = r1 (10, 20, 30) + r3 (100, -, 300); without --fill/--needed-overlap Gnocchi
    // drops the missing point (fill=dropna) instead of refusing the partial overlap.
    expect(series(compute1)).toEqual([[utc('12:00'), 60, 110], [utc('12:01'), 60, 20], [utc('12:02'), 60, 330]])
    expect(compute1.every((r) => r.name === 'aggregated')).toBe(true)
    expect(groups(grouped)).toEqual({ 'host: compute1': [110, 20, 330], 'host: compute2': [1, 2, 3] })
  })

  it('aggregates on metric ids with --needed-overlap; measures aggregation with --fill', async () => {
    const a = resources[r1].metrics.cpu
    const b = resources[r3].metrics.cpu
    const sumOfBoth = `(aggregate sum (metric (${a} mean) (${b} mean)))`
    // a (10, 20, 30) and b (100, -, 300) overlap on 2 of 3 timestamps: 66.67 %.
    const [overlap60, overlap70, filled, fullOverlap] = await Promise.all([
      admin.json<MeasureRow[]>('aggregates', '--granularity', '60', '--needed-overlap', '60', sumOfBoth),
      admin.fail('aggregates', '--granularity', '60', '--needed-overlap', '70', sumOfBoth),
      // gnocchiclient 7.0.7's `aggregates` parses --fill but never sends it (aggregates_cli.py),
      // so fill goes through `measures aggregation`: b's 12:01 becomes 2, mean(20, 2) = 11.
      admin.json<MeasureRow[]>('measures', 'aggregation', '-m', a, b, '--granularity', '60', '--fill', '2', '--utc'),
      // Without fill, needed_overlap defaults to 100 there.
      admin.fail('measures', 'aggregation', '-m', a, b, '--granularity', '60'),
    ])
    expect(series(overlap60).map(([, , v]) => v)).toEqual([110, 20, 330])
    expect(overlap70.stderr).toContain('Less than 70.000000% of datapoints overlap in this timespan (66.67%)')
    expect(overlap70.stderr).toContain('HTTP 400')
    expect(series(filled)).toEqual([[utc('12:00'), 60, 55], [utc('12:01'), 60, 11], [utc('12:02'), 60, 165]])
    expect(fullOverlap.stderr).toContain('Less than 100.000000% of datapoints overlap in this timespan (66.67%)')
  })

  it('status and capabilities list', async () => {
    const [status, capabilities] = await Promise.all([admin.json<Fields>('status'), admin.json<Fields>('capabilities', 'list')])
    expect(status['storage/total number of measures to process']).toBe(0)
    expect(status['storage/number of metric having measures to process']).toBe(0)
    const methods = capabilities.aggregation_methods as string[]
    expect(methods).toEqual(expect.arrayContaining(['mean', 'count', '95pct', 'rate:mean', 'rate:99pct']))
    expect(new Set(methods).size).toBe(methods.length)
  })

  it('an unknown metric makes the CLI exit non-zero and name it on stderr', async () => {
    const unknown = randomUUID()
    const r = await admin.fail('measures', 'show', unknown)
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain(`Metric ${unknown} does not exist (HTTP 404)`)
  })

  it('a non-admin basic user creates and reads its own resource and is refused another user\'s', async () => {
    const alice = gnocchiCli(server.url, { basicUser: 'alice' })
    const bob = gnocchiCli(server.url, { basicUser: 'bob' })
    const id = randomUUID()
    const created = await alice.json<Resource>('resource', 'create', id)
    expect(created).toMatchObject({ id, creator: 'alice', created_by_user_id: 'alice', created_by_project_id: '' })
    const [own, refused, notAdmin] = await Promise.all([
      alice.json<Resource>('resource', 'show', id),
      bob.fail('resource', 'show', id),
      alice.fail('archive-policy', 'create', 'alice-ap', '-d', 'granularity:1m,points:1'),
    ])
    expect(own.id).toBe(id)
    expect(refused.stderr).toContain('Forbidden (HTTP 403)')
    expect(notAdmin.stderr).toContain('Forbidden (HTTP 403)')
  })

  it('deletes: metric, resource, resource batch delete, resource type, rule, archive policy', async () => {
    const [, , batch] = await Promise.all([
      admin.run('metric', 'delete', standaloneId),
      admin.run('resource', 'delete', r1),
      admin.json<Fields>('resource', 'batch', 'delete', '-t', 'e2e_host', 'host=compute2'),
    ])
    expect(batch).toEqual({ deleted: 1 })
    const [gone, left] = await Promise.all([admin.fail('metric', 'show', standaloneId), admin.json<Fields[]>('resource', 'list', '-t', 'e2e_host')])
    expect(gone.stderr).toContain(`Metric ${standaloneId} does not exist`)
    expect(left.map((r) => r.id)).toEqual([r3])

    await admin.run('resource', 'delete', r3)
    await Promise.all([
      admin.run('resource-type', 'delete', 'e2e_host'),
      admin.run('archive-policy-rule', 'delete', 'e2e-rule-2'),
      // e2e-spare was never used by a metric, so it can go at once.
      admin.run('archive-policy', 'delete', 'e2e-spare'),
    ])
    const [types, rules, policies] = await Promise.all([
      admin.json<Fields[]>('resource-type', 'list'),
      admin.json<Fields[]>('archive-policy-rule', 'list'),
      admin.json<Fields[]>('archive-policy', 'list'),
    ])
    expect(types.map((t) => t.name)).not.toContain('e2e_host')
    expect(rules.map((r) => r.name)).not.toContain('e2e-rule-2')
    const names = policies.map((p) => p.name)
    expect(names).toContain('e2e-ap')
    expect(names).not.toContain('e2e-spare')
  })
})

describe('gnocchi CLI with a raw token (POLENTA_AUTH=jwt, keystoneauth admin_token plugin)', { timeout: CLI_TEST_TIMEOUT }, () => {
  const SECRET = 'e2e-cli-secret'
  const sign = createSigner({ key: SECRET, algorithm: 'HS256', expiresIn: 10 * 60_000 })
  let server: ServerProcess

  beforeAll(async () => {
    requireGnocchiCli()
    server = await startServer({ POLENTA_STORAGE: 'embedded', POLENTA_DATA_DIR: join(tmp, 'jwt'), POLENTA_AUTH: 'jwt', POLENTA_JWT_SECRET: SECRET })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('a project member creates and reads its resource; another project and a bad token are refused', async () => {
    const member = gnocchiCli(server.url, { token: sign({ sub: 'alice', project_id: 'project-a', roles: ['member'] }) })
    const outsider = gnocchiCli(server.url, { token: sign({ sub: 'bob', project_id: 'project-b', roles: ['member'] }) })
    const forged = gnocchiCli(server.url, { token: createSigner({ key: 'not-the-secret' })({ sub: 'alice', project_id: 'project-a' }) })
    const id = randomUUID()
    const created = await member.json<Resource>('resource', 'create', id, '-a', 'project_id:project-a')
    expect(created).toMatchObject({ id, creator: 'alice:project-a', created_by_user_id: 'alice', created_by_project_id: 'project-a', project_id: 'project-a' })
    const [own, otherProject, badToken] = await Promise.all([
      member.json<Resource>('resource', 'show', id),
      outsider.fail('resource', 'show', id),
      forged.fail('resource', 'show', id),
    ])
    expect(own).toMatchObject({ id, project_id: 'project-a' })
    expect(otherProject.stderr).toContain('Forbidden (HTTP 403)')
    expect(badToken.stderr).toContain('Unauthorized (HTTP 401)')
  })
})
