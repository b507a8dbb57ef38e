/**
 * In-process index search: 100 000 resources indexed on the memory persistence, then µs per
 * search for `project_id = X` (secondary-index hint path) and for a hand-written 3-clause
 * predicate (full scan of one type), and the process RSS after indexing.
 * Run: node --import tsx bench/index-search.bench.ts
 */
import { randomUUID } from 'node:crypto'
import type { ResourceRevision } from '../src/model/resource.js'
import { openIndexStore } from '../src/storage/index/index-store.js'
import { createMemoryIndexPersistence } from '../src/storage/index/memory-persistence.js'

const RESOURCES = 100_000
const PROJECTS = 1_000
const ITERATIONS = 200

async function main(): Promise<void> {
  const index = await openIndexStore(createMemoryIndexPersistence())
  await index.createArchivePolicy({
    name: 'low',
    backWindow: 0,
    definition: [{ granularityUs: 300_000_000, points: 8640, timespanUs: 300_000_000 * 8640 }],
    aggregationMethods: ['mean'],
  })
  await index.createResourceType({
    name: 'instance',
    state: 'active',
    attributes: {
      flavor: { type: 'string', required: false, minLength: 0, maxLength: 255 },
      vcpus: { type: 'number', required: false, min: 0, max: null },
    },
  })
  const t0 = performance.now()
  for (let i = 0; i < RESOURCES; i++) {
    await index.createResource({
      id: randomUUID(),
      type: i % 2 === 0 ? 'instance' : 'generic',
      originalResourceId: `vm-${i}`,
      creator: 'admin',
      userId: `user-${i % 97}`,
      projectId: `project-${i % PROJECTS}`,
      startedAtUs: 1_700_000_000_000_000 + i * 1_000_000,
      attributes: i % 2 === 0 ? { flavor: i % 3 === 0 ? 'large' : 'small', vcpus: i % 8 } : {},
      metrics: [{ kind: 'create', name: 'cpu', id: randomUUID(), archivePolicyName: 'low', creator: 'admin', unit: null }],
    })
  }
  const indexMs = performance.now() - t0
  global.gc?.()
  const rssMiB = process.memoryUsage().rss / 2 ** 20

  const time = async (label: string, run: (i: number) => Promise<number>): Promise<void> => {
    let rows = 0
    for (let i = 0; i < 10; i++) rows = await run(i) // warm-up
    const start = performance.now()
    for (let i = 0; i < ITERATIONS; i++) rows = await run(i)
    const us = ((performance.now() - start) * 1000) / ITERATIONS
    console.log(`${label}: ${us.toFixed(1)} µs/search (${rows} rows returned)`)
  }

  await time('search project_id=X (hint path, limit 1000)', async (i) => {
    const project = `project-${(i * 7) % PROJECTS}`
    const out = await index.searchResources({
      type: 'generic',
      hints: { project_id: [project] },
      predicate: (r) => r.projectId === project,
      limit: 1000,
    })
    return out.length
  })

  // flavor = 'large' and vcpus >= 4 and started_at < T: what the engine compiles from
  // `flavor='large' and vcpus>=4 and started_at<'…'`.
  const cutoff = 1_700_000_000_000_000 + 80_000 * 1_000_000
  const threeClauses = (r: ResourceRevision): boolean =>
    r.attributes.flavor === 'large' && typeof r.attributes.vcpus === 'number' && r.attributes.vcpus >= 4 && r.startedAtUs < cutoff
  await time('search 3-clause predicate on type instance (scan, limit 1000)', async () => {
    const out = await index.searchResources({ type: 'instance', predicate: threeClauses, limit: 1000 })
    return out.length
  })
  await time('search 3-clause predicate, sort project_id:desc (scan, limit 100)', async () => {
    const out = await index.searchResources({
      type: 'instance',
      predicate: threeClauses,
      limit: 100,
      sort: [{ key: 'project_id', dir: 'desc' }],
    })
    return out.length
  })

  console.log(`indexing: ${RESOURCES} resources (+1 metric each) in ${(indexMs / 1000).toFixed(2)} s (${((indexMs * 1000) / RESOURCES).toFixed(1)} µs/resource)`)
  console.log(`rss after indexing: ${rssMiB.toFixed(0)} MiB (target < 1024 MiB)`)
  await index.close()
}

await main()
