/**
 * The index contract: every driver's `IndexPersistence` runs this suite through the one
 * in-process index (`openIndexStore`). Usage:
 * `defineIndexContract('memory', async () => ({ persistence, reopen, shared, close }))`.
 */
import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import type { ArchivePolicy } from '../../src/model/archive-policy.js'
import { isGnocchiError, type Description, type ErrorCode } from '../../src/model/errors.js'
import type { ResourceRevision } from '../../src/model/resource.js'
import type { IndexStore, ResourceView, SortSpec } from '../../src/storage/index-types.js'
import { openIndexStore } from '../../src/storage/index/index-store.js'
import { parseSortParams, resourceMarker } from '../../src/storage/index/pagination.js'
import type { IndexChange, IndexPersistence } from '../../src/storage/types.js'

/** What a driver gives the contract. */
export interface IndexPersistenceFixture {
  /** A persistence over a fresh, empty store. */
  readonly persistence: IndexPersistence
  /** Another persistence over the same store: a restart, or a second process. */
  reopen(): Promise<IndexPersistence>
  /** True when persistences of one store see each other's commits through `pollChanges`. */
  readonly shared: boolean
  /** Releases everything the fixture opened. */
  close(): Promise<void>
}

const T0 = 1_700_000_000_000_000

/** A clock advancing 1 ms per reading, so revision times are distinct and predictable. */
function fakeClock(): () => number {
  let t = T0
  return () => (t += 1000)
}

function policy(name: string, granularityUs = 60_000_000): ArchivePolicy {
  return {
    name,
    backWindow: 0,
    definition: [{ granularityUs, points: 10, timespanUs: granularityUs * 10 }],
    aggregationMethods: ['mean', 'max'],
  }
}

async function expectError(p: Promise<unknown>, code: ErrorCode, description: Description): Promise<void> {
  const err: unknown = await p.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  )
  if (!isGnocchiError(err)) throw err instanceof Error ? err : new Error(String(err))
  expect({ code: err.code, description: err.description }).toEqual({ code, description })
}

const ids = (views: readonly ResourceView[]): string[] => views.map((v) => v.resource.id)

/** Registers the index contract suite for one persistence. */
export function defineIndexContract(name: string, open: () => Promise<IndexPersistenceFixture>): void {
  describe(`index contract: ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = []
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c()
    })

    async function setup(): Promise<{ fixture: IndexPersistenceFixture; index: IndexStore }> {
      const fixture = await open()
      const index = await openIndexStore(fixture.persistence, { now: fakeClock() })
      cleanups.push(() => fixture.close())
      cleanups.push(() => index.close())
      return { fixture, index }
    }

    async function resource(
      index: IndexStore,
      fields: Partial<Omit<ResourceRevision, 'attributes'>> & { attributes?: ResourceRevision['attributes'] } = {},
    ): Promise<ResourceView> {
      return index.createResource({
        id: fields.id ?? randomUUID(),
        type: fields.type ?? 'generic',
        originalResourceId: fields.originalResourceId ?? 'orig',
        creator: fields.creator ?? 'admin',
        userId: fields.userId ?? null,
        projectId: fields.projectId ?? null,
        startedAtUs: fields.startedAtUs,
        endedAtUs: fields.endedAtUs,
        attributes: fields.attributes ?? {},
      })
    }

    describe('archive policies', () => {
      it('creates, gets, lists in creation order, updates and deletes', async () => {
        const { index } = await setup()
        await index.createArchivePolicy(policy('zeta'))
        await index.createArchivePolicy(policy('alpha'))
        expect((await index.listArchivePolicies()).map((p) => p.name)).toEqual(['zeta', 'alpha'])
        expect(await index.getArchivePolicy('alpha')).toEqual(policy('alpha'))
        expect(await index.getArchivePolicy('nope')).toBeNull()
        const changed = { ...policy('alpha'), definition: [{ granularityUs: 60_000_000, points: 20, timespanUs: 1_200_000_000 }] }
        expect(await index.updateArchivePolicy(changed)).toEqual(changed)
        expect(await index.getArchivePolicy('alpha')).toEqual(changed)
        await index.deleteArchivePolicy('alpha')
        expect(await index.getArchivePolicy('alpha')).toBeNull()
      })

      it.each([
        ['create twice', 'CONFLICT', 'Archive policy p already exists'],
        ['update unknown', 'NOT_FOUND', 'Archive policy q does not exist'],
        ['delete unknown', 'NOT_FOUND', 'Archive policy q does not exist'],
      ] as const)('refuses: %s', async (what, code, description) => {
        const { index } = await setup()
        await index.createArchivePolicy(policy('p'))
        const op =
          what === 'create twice'
            ? index.createArchivePolicy(policy('p'))
            : what === 'update unknown'
              ? index.updateArchivePolicy(policy('q'))
              : index.deleteArchivePolicy('q')
        await expectError(op, code, description)
      })

      it('refuses to delete a policy used by a rule, a metric, or a deleted metric not yet purged', async () => {
        const { index } = await setup()
        await index.createArchivePolicy(policy('p'))
        await index.createArchivePolicyRule({ name: 'r', archivePolicyName: 'p', metricPattern: '*' })
        await expectError(index.deleteArchivePolicy('p'), 'INVALID_INPUT', 'Archive policy p is still in use')
        await index.deleteArchivePolicyRule('r')
        const id = randomUUID()
        await index.createMetric({ id, archivePolicyName: 'p', creator: 'admin', name: null, unit: null, resourceId: null })
        expect(await index.isArchivePolicyInUse('p')).toBe(true)
        await index.deleteMetric(id)
        expect(await index.getMetric(id)).toBeNull()
        expect(await index.listDeletedMetrics()).toEqual([id])
        await expectError(index.deleteArchivePolicy('p'), 'INVALID_INPUT', 'Archive policy p is still in use')
        await index.purgeMetric(id)
        expect(await index.listDeletedMetrics()).toEqual([])
        expect(await index.isArchivePolicyInUse('p')).toBe(false)
        await index.deleteArchivePolicy('p')
      })
    })

    describe('archive policy rules', () => {
      it('lists by metric_pattern descending then name ascending', async () => {
        const { index } = await setup()
        await index.createArchivePolicy(policy('p'))
        const rules = [
          ['b', '*'],
          ['a', '*'],
          ['c', 'disk.*'],
          ['d', 'disk.io.*'],
          ['e', '*.io.rate'],
        ] as const
        for (const [n, pattern] of rules) await index.createArchivePolicyRule({ name: n, archivePolicyName: 'p', metricPattern: pattern })
        expect((await index.listArchivePolicyRules()).map((r) => r.name)).toEqual(['d', 'c', 'e', 'a', 'b'])
        expect(await index.getArchivePolicyRule('c')).toEqual({ name: 'c', archivePolicyName: 'p', metricPattern: 'disk.*' })
      })

      it('refuses a missing policy, duplicates, bad renames and unknown names', async () => {
        const { index } = await setup()
        await expectError(index.createArchivePolicyRule({ name: 'r', archivePolicyName: 'nope', metricPattern: '*' }), 'INVALID_INPUT', {
          cause: 'Archive policy does not exist',
          detail: 'nope',
        })
        await index.createArchivePolicy(policy('p'))
        await index.createArchivePolicyRule({ name: 'r', archivePolicyName: 'p', metricPattern: '*' })
        await index.createArchivePolicyRule({ name: 's', archivePolicyName: 'p', metricPattern: 'x*' })
        await expectError(index.createArchivePolicyRule({ name: 'r', archivePolicyName: 'p', metricPattern: 'y' }), 'CONFLICT', 'Archive policy rule r already exists')
        await expectError(
          index.renameArchivePolicyRule('r', 's'),
          'INVALID_INPUT',
          'Archive policy rule r does not support change: Archive policy rule s already exists.',
        )
        await expectError(index.renameArchivePolicyRule('q', 'z'), 'NOT_FOUND', 'Archive policy rule q does not exist')
        await expectError(index.deleteArchivePolicyRule('q'), 'NOT_FOUND', 'Archive policy rule q does not exist')
        expect(await index.renameArchivePolicyRule('r', 'z')).toEqual({ name: 'z', archivePolicyName: 'p', metricPattern: '*' })
        expect(await index.getArchivePolicyRule('r')).toBeNull()
        expect((await index.listArchivePolicyRules()).map((r) => r.name)).toEqual(['s', 'z'])
      })
    })

    describe('resource types', () => {
      it('always has generic, lists by name, refuses duplicates', async () => {
        const { index } = await setup()
        expect(await index.getResourceType('generic')).toEqual({ name: 'generic', state: 'active', attributes: {} })
        await index.createResourceType({ name: 'zhost', state: 'active', attributes: {} })
        await index.createResourceType({ name: 'Apple', state: 'active', attributes: {} })
        expect((await index.listResourceTypes()).map((t) => t.name)).toEqual(['Apple', 'generic', 'zhost'])
        await expectError(index.createResourceType({ name: 'zhost', state: 'active', attributes: {} }), 'CONFLICT', 'Resource type zhost already exists')
        await expectError(index.createResourceType({ name: 'generic', state: 'active', attributes: {} }), 'CONFLICT', 'Resource type generic already exists')
      })

      it('adds attributes with fill to current and historical revisions, and removes them', async () => {
        const { index } = await setup()
        await index.createResourceType({ name: 'host', state: 'active', attributes: { a: { type: 'string', required: false } } })
        const r = await resource(index, { type: 'host', attributes: { a: 'x' } })
        await index.updateResource('host', r.resource.id, { attributes: { a: 'y' } })
        const type = await index.updateResourceTypeAttributes('host', {
          add: [{ name: 'cores', schema: { type: 'number', required: true, min: 0, max: null }, fill: 4 }],
          remove: ['a'],
        })
        expect(type.attributes).toEqual({ cores: { type: 'number', required: true, min: 0, max: null } })
        const history = await index.resourceHistory('host', r.resource.id, {})
        expect(history.map((v) => v.resource.attributes)).toEqual([{ cores: 4 }, { cores: 4 }])
      })

      it('refuses to delete generic, a type in use, or an unknown type', async () => {
        const { index } = await setup()
        await index.createResourceType({ name: 'host', state: 'active', attributes: {} })
        const r = await resource(index, { type: 'host' })
        await expectError(index.deleteResourceType('generic'), 'INVALID_INPUT', 'Resource type generic is still in use')
        await expectError(index.deleteResourceType('host'), 'INVALID_INPUT', 'Resource type host is still in use')
        await expectError(index.deleteResourceType('nope'), 'NOT_FOUND', 'Resource type nope does not exist')
        await index.deleteResource('host', r.resource.id)
        await index.deleteResourceType('host')
        expect(await index.getResourceType('host')).toBeNull()
      })
    })

    describe('resources', () => {
      it('creates, refuses duplicate ids under any type, and checks the type on read', async () => {
        const { index } = await setup()
        await index.createResourceType({ name: 'host', state: 'active', attributes: {} })
        const id = randomUUID()
        const created = await resource(index, { id, type: 'host', projectId: 'p', originalResourceId: 'h1' })
        expect(created.resource).toMatchObject({ id, type: 'host', projectId: 'p', revision: 1, revisionEndUs: null })
        expect(created.resource.startedAtUs).toBe(created.resource.revisionStartUs)
        await expectError(resource(index, { id }), 'CONFLICT', `Resource ${id} already exists`)
        expect((await index.getResource('generic', id))?.resource.id).toBe(id)
        expect((await index.getResource('host', id))?.resource.id).toBe(id)
        await index.createResourceType({ name: 'other', state: 'active', attributes: {} })
        expect(await index.getResource('other', id)).toBeNull()
        await expectError(resource(index, { type: 'nope' }), 'NOT_FOUND', 'Resource type nope does not exist')
        await expectError(resource(index, { startedAtUs: 10, endedAtUs: 5 }), 'INVALID_INPUT', 'Start timestamp cannot be after end timestamp')
      })

      it('makes a revision only when a value changes, and keeps the history', async () => {
        const { index } = await setup()
        const r = await resource(index, { userId: 'u1' })
        const id = r.resource.id
        const same = await index.updateResource('generic', id, { userId: 'u1' })
        expect(same.resource).toEqual(r.resource)
        const changed = await index.updateResource('generic', id, { userId: 'u2', projectId: null })
        expect(changed.resource.revision).toBe(2)
        expect(changed.resource.revisionStartUs).toBeGreaterThan(r.resource.revisionStartUs)
        const history = await index.resourceHistory('generic', id, {})
        expect(history.map((v) => [v.resource.userId, v.resource.revisionEndUs])).toEqual([
          ['u1', changed.resource.revisionStartUs],
          ['u2', null],
        ])
        expect(history.map((v) => resourceMarker(v.resource, true))).toEqual([`${id}@1`, `${id}@-1`])
        await expectError(index.updateResource('generic', randomUUID(), {}), 'NOT_FOUND', expect.stringMatching(/^Resource .* does not exist$/) as unknown as string)
      })

      it('rejects an update that puts started_at after ended_at', async () => {
        const { index } = await setup()
        const r = await resource(index, { startedAtUs: 946_684_800_000_000 - 10, endedAtUs: null })
        await expectError(
          index.updateResource('generic', r.resource.id, { endedAtUs: 946_684_800_000_000 - 20 }),
          'INVALID_INPUT',
          'Value 1999-12-31 23:59:59.999980+00:00 for attribute ended_at on resource type generic is invalid',
        )
        await expectError(
          index.updateResource('generic', r.resource.id, { startedAtUs: 946_684_800_000_000 + 5_000_000, endedAtUs: 946_684_800_000_000 }),
          'INVALID_INPUT',
          'Value 2000-01-01 00:00:00+00:00 for attribute ended_at on resource type generic is invalid',
        )
      })

      it('attaches, creates, replaces and deletes resource metrics', async () => {
        const { index } = await setup()
        await index.createArchivePolicy(policy('p'))
        const orphan = randomUUID()
        await index.createMetric({ id: orphan, archivePolicyName: 'p', creator: 'admin', name: null, unit: null, resourceId: null })
        const cpu = randomUUID()
        const r = await index.createResource({
          id: randomUUID(),
          type: 'generic',
          originalResourceId: 'x',
          creator: 'admin',
          userId: null,
          projectId: null,
          attributes: {},
          metrics: [
            { kind: 'create', name: 'cpu', id: cpu, archivePolicyName: 'p', creator: 'admin', unit: 'ns' },
            { kind: 'attach', name: 'disk', metricId: orphan, requireCreator: 'admin' },
          ],
        })
        const id = r.resource.id
        expect(Object.fromEntries(r.metrics.map((m) => [m.name, m.id]))).toEqual({ cpu, disk: orphan })
        await expectError(
          index.addResourceMetrics('generic', id, [{ kind: 'create', name: 'cpu', id: randomUUID(), archivePolicyName: 'p', creator: null, unit: null }]),
          'CONFLICT',
          'Named metric cpu already exists',
        )
        // Attaching the same metric under the same name is idempotent.
        expect((await index.addResourceMetrics('generic', id, [{ kind: 'attach', name: 'cpu', metricId: cpu }])).length).toBe(2)
        await expectError(index.addResourceMetrics('generic', id, [{ kind: 'attach', name: 'x', metricId: randomUUID() }]), 'INVALID_INPUT', expect.stringMatching(/^Metric .* does not exist$/) as unknown as string)
        await expectError(
          index.addResourceMetrics('generic', id, [{ kind: 'create', name: 'y', id: randomUUID(), archivePolicyName: 'nope', creator: null, unit: null }]),
          'INVALID_INPUT',
          'Archive policy nope does not exist',
        )
        await expectError(
          index.addResourceMetrics('generic', id, [{ kind: 'attach', name: 'z', metricId: cpu, requireCreator: 'bob' }]),
          'INVALID_INPUT',
          `Metric ${cpu} does not exist`,
        )
        // Replacing detaches without deleting and makes no revision; the freed name can be reused.
        const mem = randomUUID()
        const replaced = await index.updateResource('generic', id, {
          metrics: [
            { kind: 'attach', name: 'cpu', metricId: orphan },
            { kind: 'create', name: 'mem', id: mem, archivePolicyName: 'p', creator: 'admin', unit: null },
          ],
        })
        expect(replaced.resource.revision).toBe(1)
        expect(Object.fromEntries(replaced.metrics.map((m) => [m.name, m.id]))).toEqual({ cpu: orphan, mem })
        expect(await index.getMetric(cpu)).toMatchObject({ resourceId: null, name: 'cpu' })
        expect((await index.getResourceMetric(id, 'cpu'))?.id).toBe(orphan)
        const deleted = await index.deleteResource('generic', id)
        expect(deleted.sort()).toEqual([orphan, mem].sort())
        expect(await index.getMetric(mem)).toBeNull()
        expect(await index.getMetric(cpu)).not.toBeNull()
        expect((await index.listDeletedMetrics()).sort()).toEqual([orphan, mem].sort())
        await expectError(index.resourceHistory('generic', id, {}), 'NOT_FOUND', `Resource ${id} does not exist`)
        // The id can be created again, with an empty history.
        await resource(index, { id })
        expect((await index.resourceHistory('generic', id, {})).length).toBe(1)
      })

      it('bulk-deletes by filter and returns the count', async () => {
        const { index } = await setup()
        await index.createArchivePolicy(policy('p'))
        const keep = await resource(index, { projectId: 'keep' })
        for (let i = 0; i < 3; i++) {
          const r = await resource(index, { projectId: 'drop' })
          await index.createMetric({ id: randomUUID(), archivePolicyName: 'p', creator: null, name: 'm', unit: null, resourceId: r.resource.id })
        }
        const out = await index.deleteResources({ type: 'generic', predicate: (r) => r.projectId === 'drop' })
        expect(out.deleted).toBe(3)
        expect(out.metricIds.length).toBe(3)
        expect(ids(await index.searchResources({ type: 'generic' }))).toEqual([keep.resource.id])
      })
    })

    describe('search, sort and pagination', () => {
      /** Five resources of type `host` with controlled values; returns ids by label. */
      async function population(index: IndexStore): Promise<Record<string, string>> {
        await index.createResourceType({
          name: 'host',
          state: 'active',
          attributes: { size: { type: 'number', required: false, min: null, max: null } },
        })
        const rows = [
          ['a', 'p1', 3, 100],
          ['b', null, 1, 200],
          ['c', 'p2', null, 100],
          ['d', 'p1', 2, 300],
          ['e', null, null, 200],
        ] as const
        const out: Record<string, string> = {}
        for (const [label, projectId, size, startedAtUs] of rows) {
          const id = `00000000-0000-4000-8000-00000000000${'abcde'.indexOf(label)}`
          out[label] = id
          await resource(index, { id, type: 'host', projectId, startedAtUs, originalResourceId: label, attributes: { size } })
        }
        await resource(index, { projectId: 'p1', originalResourceId: 'generic-one' })
        return out
      }

      const labelsOf = (views: readonly ResourceView[]): string[] => views.map((v) => v.resource.originalResourceId)

      it.each([
        [['project_id:asc'], ['a', 'd', 'c', 'b', 'e']],
        [['project_id:desc'], ['b', 'e', 'c', 'a', 'd']],
        [['project_id:asc-nullsfirst'], ['b', 'e', 'a', 'd', 'c']],
        [['project_id:asc-nullslast'], ['a', 'd', 'c', 'b', 'e']],
        [['project_id:desc-nullsfirst'], ['b', 'e', 'c', 'a', 'd']],
        [['project_id:desc-nullslast'], ['c', 'a', 'd', 'b', 'e']],
        [['size'], ['b', 'd', 'a', 'c', 'e']],
        [['size:desc-nullslast'], ['a', 'd', 'b', 'c', 'e']],
        [['started_at:desc', 'original_resource_id:desc'], ['d', 'e', 'b', 'c', 'a']],
        [['id:desc'], ['e', 'd', 'c', 'b', 'a']],
        [[], ['a', 'b', 'c', 'd', 'e']],
      ])('sorts %j', async (sort, expected) => {
        const { index } = await setup()
        await population(index)
        const out = await index.searchResources({ type: 'host', sort: parseSortParams(sort) })
        expect(labelsOf(out)).toEqual(expected)
      })

      it('pages with markers through every sort order without gaps or repeats', async () => {
        const { index } = await setup()
        await population(index)
        for (const sort of [['project_id:desc-nullslast'], ['size:asc'], ['started_at:desc', 'project_id:asc-nullsfirst']]) {
          const spec = parseSortParams(sort)
          const all = labelsOf(await index.searchResources({ type: 'host', sort: spec }))
          const paged: string[] = []
          let marker: string | undefined
          for (;;) {
            const page = await index.searchResources({ type: 'host', sort: spec, limit: 2, marker })
            paged.push(...labelsOf(page))
            if (page.length < 2) break
            marker = page[page.length - 1].resource.id
          }
          expect(paged).toEqual(all)
        }
      })

      it('filters by type, hints and predicate', async () => {
        const { index } = await setup()
        const byLabel = await population(index)
        expect((await index.searchResources({ type: 'generic' })).length).toBe(6)
        expect((await index.searchResources({ type: 'host' })).length).toBe(5)
        const hinted = await index.searchResources({
          type: 'generic',
          hints: { project_id: ['p1'] },
          predicate: (r) => r.projectId === 'p1',
        })
        expect(labelsOf(hinted).sort()).toEqual(['a', 'd', 'generic-one'])
        const nullHint = await index.searchResources({ type: 'host', hints: { project_id: [null] }, predicate: (r) => r.projectId === null })
        expect(labelsOf(nullHint)).toEqual(['b', 'e'])
        const byId = await index.searchResources({ type: 'host', hints: { id: [byLabel.c, byLabel.c, randomUUID()] } })
        expect(labelsOf(byId)).toEqual(['c'])
        const pred = await index.searchResources({ type: 'host', predicate: (r) => r.attributes.size !== null && Number(r.attributes.size) >= 2 })
        expect(labelsOf(pred)).toEqual(['a', 'd'])
      })

      it.each([
        [{ sort: [{ key: 'nope', dir: 'asc' }] as SortSpec[] }, 'Invalid pagination: `Sort key supplied is invalid: nope\''],
        [{ sort: [{ key: 'revision', dir: 'asc' }] as SortSpec[] }, 'Invalid pagination: `Sort key supplied is invalid: revision\''],
        [{ marker: 'not-a-uuid' }, "Invalid pagination: `Invalid marker: `not-a-uuid''"],
        [{ marker: '00000000-0000-4000-8000-0000000000ff' }, "Invalid pagination: `Invalid marker: `00000000-0000-4000-8000-0000000000ff''"],
      ])('refuses bad pagination %j', async (page, description) => {
        const { index } = await setup()
        await population(index)
        await expectError(index.searchResources({ type: 'host', ...page }), 'INVALID_INPUT', description)
      })

      it('refuses a generic-typed sort on a type attribute and an unknown direction', async () => {
        const { index } = await setup()
        await population(index)
        await expectError(index.searchResources({ type: 'generic', sort: [{ key: 'size', dir: 'asc' }] }), 'INVALID_INPUT', "Invalid pagination: `Sort key supplied is invalid: size'")
        expect(() => parseSortParams(['id:up'])).toThrow(
          'Invalid pagination: `Unknown sort direction, must be one of: asc-nullsfirst, asc-nullslast, desc-nullsfirst, desc-nullslast\'',
        )
        await expectError(index.searchResources({ type: 'nope' }), 'NOT_FOUND', 'Resource type nope does not exist')
      })

      it('searches history with id@revision markers', async () => {
        const { index } = await setup()
        const byLabel = await population(index)
        await index.updateResource('host', byLabel.a, { projectId: 'p9' })
        await index.updateResource('host', byLabel.a, { projectId: 'p1' })
        const matches = await index.searchResources({ type: 'host', history: true, predicate: (r) => r.projectId === 'p1' })
        expect(matches.map((v) => resourceMarker(v.resource, true))).toEqual([`${byLabel.a}@1`, `${byLabel.d}@-1`, `${byLabel.a}@-1`])
        const page2 = await index.searchResources({
          type: 'host',
          history: true,
          predicate: (r) => r.projectId === 'p1',
          marker: `${byLabel.a}@1`,
          limit: 1,
        })
        expect(page2.map((v) => resourceMarker(v.resource, true))).toEqual([`${byLabel.d}@-1`])
        const bySortRevision = await index.resourceHistory('host', byLabel.a, { sort: [{ key: 'revision', dir: 'desc' }] })
        expect(bySortRevision.map((v) => resourceMarker(v.resource, true))).toEqual([`${byLabel.a}@2`, `${byLabel.a}@1`, `${byLabel.a}@-1`])
        await expectError(index.resourceHistory('host', byLabel.a, { marker: `${byLabel.a}@7` }), 'INVALID_INPUT', `Invalid pagination: \`Invalid marker: \`${byLabel.a}@7''`)
        // History rows of other resources match on their own values.
        expect(labelsOf(await index.searchResources({ type: 'host', history: true, predicate: (r) => r.projectId === 'p9' }))).toEqual(['a'])
      })
    })

    describe('metrics', () => {
      it('creates with unique names per resource and lists with filters, sorts and markers', async () => {
        const { index } = await setup()
        await index.createArchivePolicy(policy('p'))
        await index.createArchivePolicy(policy('q', 1_000_000))
        const r = await resource(index)
        const mk = (n: number): string => `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`
        const specs = [
          [1, 'p', 'cpu', 'ns', 'alice', r.resource.id],
          [2, 'q', 'mem', null, 'bob', r.resource.id],
          [3, 'p', null, 'B', 'alice', null],
          [4, 'q', 'cpu', null, null, null],
        ] as const
        for (const [n, ap, metricName, unit, creator, resourceId] of specs) {
          await index.createMetric({ id: mk(n), archivePolicyName: ap, name: metricName, unit, creator, resourceId })
        }
        await expectError(
          index.createMetric({ id: randomUUID(), archivePolicyName: 'p', name: 'cpu', unit: null, creator: null, resourceId: r.resource.id }),
          'CONFLICT',
          'Named metric cpu already exists',
        )
        await expectError(
          index.createMetric({ id: randomUUID(), archivePolicyName: 'zz', name: 'x', unit: null, creator: null, resourceId: null }),
          'INVALID_INPUT',
          'Archive policy zz does not exist',
        )
        const missing = randomUUID()
        await expectError(
          index.createMetric({ id: randomUUID(), archivePolicyName: 'p', name: 'x', unit: null, creator: null, resourceId: missing }),
          'NOT_FOUND',
          `Resource ${missing} does not exist`,
        )
        const list = async (s: Parameters<IndexStore['listMetrics']>[0]): Promise<number[]> =>
          (await index.listMetrics(s)).map((m) => Number(m.id.slice(-2)))
        expect(await list({})).toEqual([1, 2, 3, 4])
        expect(await list({ name: 'cpu' })).toEqual([1, 4])
        expect(await list({ creator: 'alice', archivePolicyName: 'p' })).toEqual([1, 3])
        expect(await list({ creator: null })).toEqual([4])
        expect(await list({ resourceId: r.resource.id })).toEqual([1, 2])
        expect(await list({ resourceId: null })).toEqual([3, 4])
        expect(await list({ ids: [mk(4), mk(2), randomUUID()] })).toEqual([2, 4])
        expect(await list({ unit: 'B' })).toEqual([3])
        expect(await list({ status: 'delete' })).toEqual([])
        expect(await list({ sort: [{ key: 'name', dir: 'asc' }] })).toEqual([1, 4, 2, 3])
        expect(await list({ sort: [{ key: 'unit', dir: 'desc-nullslast' }] })).toEqual([1, 3, 2, 4])
        expect(await list({ sort: [{ key: 'name', dir: 'asc' }], marker: mk(4), limit: 1 })).toEqual([2])
        expect(await list({ predicate: (m, res) => res !== null && m.creator === 'bob' })).toEqual([2])
        await expectError(index.listMetrics({ marker: randomUUID().slice(0, 8) }), 'INVALID_INPUT', expect.stringMatching(/^Invalid pagination: `Invalid marker: `/) as unknown as string)
        await expectError(index.listMetrics({ sort: [{ key: 'size', dir: 'asc' }] }), 'INVALID_INPUT', "Invalid pagination: `Sort key supplied is invalid: size'")
        expect((await index.getMetrics([mk(3), randomUUID(), mk(1)])).map((m) => m.id)).toEqual([mk(3), mk(1)])
        await index.deleteMetric(mk(1))
        await expectError(index.deleteMetric(mk(1)), 'NOT_FOUND', `Metric ${mk(1)} does not exist`)
        expect(await list({})).toEqual([2, 3, 4])
        // The name is free again once the metric is deleted.
        await index.createMetric({ id: mk(5), archivePolicyName: 'p', name: 'cpu', unit: null, creator: null, resourceId: r.resource.id })
        expect((await index.getResource('generic', r.resource.id))?.metrics.map((m) => m.name).sort()).toEqual(['cpu', 'mem'])
      })

      it('ensureMetrics creates missing names once and returns existing ones', async () => {
        const { index } = await setup()
        await index.createArchivePolicy(policy('p'))
        const r = await resource(index)
        const existing = randomUUID()
        await index.createMetric({ id: existing, archivePolicyName: 'p', name: 'a', unit: null, creator: null, resourceId: r.resource.id })
        const newB = randomUUID()
        const out = await index.ensureMetrics([
          { id: randomUUID(), archivePolicyName: 'p', name: 'a', unit: null, creator: null, resourceId: r.resource.id },
          { id: newB, archivePolicyName: 'p', name: 'b', unit: 'B', creator: null, resourceId: r.resource.id },
          { id: randomUUID(), archivePolicyName: 'p', name: 'b', unit: 'B', creator: null, resourceId: r.resource.id },
        ])
        expect(out.map((m) => m.id)).toEqual([existing, newB, newB])
        expect((await index.listMetrics({ resourceId: r.resource.id })).length).toBe(2)
      })
    })

    describe('persistence', () => {
      it('reloads to the same state', async () => {
        const { fixture, index } = await setup()
        await index.createArchivePolicy(policy('p2'))
        await index.createArchivePolicy(policy('p1'))
        await index.createArchivePolicyRule({ name: 'r', archivePolicyName: 'p1', metricPattern: '*' })
        await index.createResourceType({ name: 'host', state: 'active', attributes: { s: { type: 'string', required: false } } })
        const r = await resource(index, { type: 'host', attributes: { s: 'v' }, projectId: 'p' })
        await index.updateResource('host', r.resource.id, { attributes: { s: 'w' } })
        await index.createMetric({ id: randomUUID(), archivePolicyName: 'p1', name: 'm', unit: null, creator: null, resourceId: r.resource.id })
        const dead = randomUUID()
        await index.createMetric({ id: dead, archivePolicyName: 'p2', name: null, unit: null, creator: null, resourceId: null })
        await index.deleteMetric(dead)
        const snapshot = async (i: IndexStore): Promise<unknown> => ({
          policies: await i.listArchivePolicies(),
          rules: await i.listArchivePolicyRules(),
          types: await i.listResourceTypes(),
          resources: await i.searchResources({ type: 'generic', history: true }),
          metrics: await i.listMetrics({}),
          deleted: await i.listDeletedMetrics(),
        })
        const before = await snapshot(index)
        await index.close()
        const reopened = await openIndexStore(await fixture.reopen(), { now: fakeClock() })
        cleanups.push(() => reopened.close())
        expect(await snapshot(reopened)).toEqual(before)
      })

      it('changes nothing when a commit fails', async () => {
        const fixture = await open()
        cleanups.push(() => fixture.close())
        let fail = false
        const flaky: IndexPersistence = {
          loadAll: () => fixture.persistence.loadAll(),
          pollChanges: () => fixture.persistence.pollChanges(),
          commit: (changes: readonly IndexChange[]) => (fail ? Promise.reject(new Error('disk full')) : fixture.persistence.commit(changes)),
        }
        const index = await openIndexStore(flaky, { now: fakeClock() })
        cleanups.push(() => index.close())
        await index.createArchivePolicy(policy('p'))
        const r = await resource(index)
        fail = true
        await expect(index.updateResource('generic', r.resource.id, { userId: 'x' })).rejects.toThrow('disk full')
        await expect(index.deleteArchivePolicy('p')).rejects.toThrow('disk full')
        expect(await index.getArchivePolicy('p')).not.toBeNull()
        expect((await index.getResource('generic', r.resource.id))?.resource).toEqual(r.resource)
        fail = false
        expect((await index.updateResource('generic', r.resource.id, { userId: 'x' })).resource.revision).toBe(2)
      })

      it('sees the writes of another process sharing the store, and refuses duplicate claims', async () => {
        const { fixture, index } = await setup()
        if (!fixture.shared) {
          expect(await fixture.persistence.pollChanges()).toEqual([])
          return
        }
        const other = await openIndexStore(await fixture.reopen(), { now: fakeClock() })
        cleanups.push(() => other.close())
        await index.createArchivePolicy(policy('p'))
        expect(await other.getArchivePolicy('p')).toEqual(policy('p'))
        const r = await resource(other, { projectId: 'shared' })
        expect(ids(await index.searchResources({ type: 'generic', hints: { project_id: ['shared'] } }))).toEqual([r.resource.id])
        await expectError(resource(index, { id: r.resource.id }), 'CONFLICT', `Resource ${r.resource.id} already exists`)
        // Both create the same named metric "at once": one wins, the other reports the conflict.
        const results = await Promise.allSettled([
          index.createMetric({ id: randomUUID(), archivePolicyName: 'p', name: 'n', unit: null, creator: null, resourceId: r.resource.id }),
          other.createMetric({ id: randomUUID(), archivePolicyName: 'p', name: 'n', unit: null, creator: null, resourceId: r.resource.id }),
        ])
        expect(results.filter((x) => x.status === 'fulfilled').length).toBe(1)
        expect((await index.listMetrics({ resourceId: r.resource.id })).length).toBe(1)
        expect((await other.listMetrics({ resourceId: r.resource.id })).length).toBe(1)
        // Concurrent revisions of one resource: both succeed, one after the other.
        await Promise.all([
          index.updateResource('generic', r.resource.id, { userId: 'a' }),
          other.updateResource('generic', r.resource.id, { userId: 'b' }),
        ])
        const h1 = await index.resourceHistory('generic', r.resource.id, {})
        const h2 = await other.resourceHistory('generic', r.resource.id, {})
        expect(h1.map((v) => v.resource.revision)).toEqual([1, 2, 3])
        expect(h2).toEqual(h1)
      })
    })
  })
}
