import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeUsage, type UsageGroup } from '../../src/legacy/usage.js'
import { DEFAULT_USAGE_ITEMS } from '../../src/legacy/usage-items.js'
import { parseUsageQuery } from '../../src/legacy/usage-query.js'
import { PyFloat } from '../../src/model/python-json.js'
import { addResource, openTestStore, vm, type TestStore } from './fixture.js'

const ADMIN = { isAdmin: true, projectId: null }
const MIB = 2 ** 20

/** Plain numbers for comparison: PyFloat → its value. */
const plain = (groups: UsageGroup[]): unknown =>
  groups.map((g) => ({ name: g.name, datapoints: g.datapoints.map((d) => [d.from, d.to, d.value instanceof PyFloat ? d.value.value : d.value]) }))

describe('usage intervals, hand-computed', () => {
  let store: TestStore
  let project: string
  let other: string
  beforeAll(async () => {
    store = await openTestStore()
    const c = await addResource(store, 'customer', { name: 'Acme', abbreviation: 'AC' }, { startedAtS: 10 })
    await addResource(store, 'customer', { name: 'Empty Inc', abbreviation: '' }, { startedAtS: 20 })
    const g = await addResource(store, 'project_group', { name: 'G', customer_id: c.id }, { startedAtS: 30 })
    project = (await addResource(store, 'project', { name: 'P', customer_id: c.id, project_group_id: g.id }, { startedAtS: 40 })).id
    other = (await addResource(store, 'project', { name: 'Q', customer_id: c.id }, { startedAtS: 50 })).id
    const metrics = ['cpu_util', 'memory.usage', 'disk.usage']
    // A runs all along; B starts inside the window (1250); D ends inside it (1100).
    const a = await addResource(store, 'instance', vm('a'), { projectId: project, startedAtS: 0, metrics })
    const b = await addResource(store, 'instance', vm('b'), { projectId: project, startedAtS: 1250, metrics })
    const d = await addResource(store, 'instance', vm('d'), { projectId: project, startedAtS: 0, endedAtS: 1100, metrics })
    // An instance of project Q without any data.
    await addResource(store, 'instance', vm('e'), { projectId: other, startedAtS: 0, metrics })
    const points = {
      a: [[1000, 10], [1060, 20], [1260, 30], [1700, 99]],
      b: [[1300, 50], [1420, 70]],
      d: [[990, 1000], [1020, 40]],
    } as const
    for (const [inst, pts] of [[a, points.a], [b, points.b], [d, points.d]] as const) {
      store.reader.set(inst.metrics.cpu_util, pts)
      store.reader.set(inst.metrics['memory.usage'], pts)
      store.reader.set(inst.metrics['disk.usage'], pts.map(([t, v]) => [t, v * MIB] as const))
    }
  })
  afterAll(async () => store.close())

  const run = (query: Record<string, string | string[]>): Promise<UsageGroup[]> =>
    computeUsage({ index: store.index, reader: store.reader, items: DEFAULT_USAGE_ITEMS }, ADMIN, parseUsageQuery(query, DEFAULT_USAGE_ITEMS, 5000))

  // Intervals [1000,1200) [1200,1400) [1400,1600). Per instance means: A [15, 30, -], B [-, 50, 70], D [40, -, -].
  it.each([
    ['cpu', [27.5, 40, 70]],
    ['memory', [55, 80, 70]],
    ['storage', [55, 80, 70]],
  ])('%s over three intervals (mean for cpu, sum otherwise)', async (item, values) => {
    const out = await run({ item, from: '1000', to: '1600', datapoints: '3', aggregate: 'project' })
    expect(plain(out)).toEqual([
      { name: 'P', datapoints: [[1000, 1200, values[0]], [1200, 1400, values[1]], [1400, 1600, values[2]]] },
      { name: 'Q', datapoints: [[1000, 1200, 0], [1200, 1400, 0], [1400, 1600, 0]] },
    ])
  })

  it('truncates the last interval (floor division) and gives integer 0 to an empty one', async () => {
    // w = floor(603 / 4) = 150: [1000,1150) [1150,1300) [1300,1450) [1450,1600); A [15,30,-,-], B [-,-,60,-], D [40,-,-,-].
    const out = await run({ item: 'cpu', from: '1000', to: '1603', datapoints: '4', aggregate: 'project', uuid: project })
    expect(plain(out)).toEqual([{ name: 'P', datapoints: [[1000, 1150, 27.5], [1150, 1300, 30], [1300, 1450, 60], [1450, 1600, 0]] }])
    expect(out[0].datapoints[3].value).toBe(0)
    expect(out[0].datapoints[0].value).toBeInstanceOf(PyFloat)
  })

  it('groups by customer (visible customers, empty one with [] datapoints) and by project group', async () => {
    const byCustomer = await run({ item: 'memory', from: '1000', to: '1600', datapoints: '1' })
    expect(plain(byCustomer)).toEqual([
      // A mean(10, 20, 30) = 20, B mean(50, 70) = 60, D 40: summed.
      { name: 'Acme', datapoints: [[1000, 1600, 20 + 60 + 40]] },
      { name: 'Empty Inc', datapoints: [] },
    ])
    const byGroup = await run({ item: 'cpu', from: '1000', to: '1600', datapoints: '2', aggregate: 'project_group' })
    // [1000,1300): A 20, B -, D 40 → 30; [1300,1600): B 60.
    expect(plain(byGroup)).toEqual([{ name: 'G', datapoints: [[1000, 1300, 30], [1300, 1600, 60]] }])
  })

  it('a project user sees only their project inside the customer', async () => {
    const out = await computeUsage(
      { index: store.index, reader: store.reader, items: DEFAULT_USAGE_ITEMS },
      { isAdmin: false, projectId: other },
      parseUsageQuery({ item: 'cpu', from: '1000', to: '1600', datapoints: '1' }, DEFAULT_USAGE_ITEMS, 5000),
    )
    expect(plain(out)).toEqual([{ name: 'Acme', datapoints: [[1000, 1600, 0]] }])
  })

  it('uuid accepts the legacy hex spelling and unknown uuids shrink the list', async () => {
    const out = await run({ item: 'cpu', from: '1000', to: '1600', datapoints: '1', aggregate: 'project', uuid: [project.replace(/-/g, ''), 'nope'] })
    expect(out.map((g) => g.name)).toEqual(['P'])
  })
})
