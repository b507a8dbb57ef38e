/**
 * Compiled filter evaluation: a 3-clause predicate over 100 000 in-memory resource revisions.
 * Run: node --import tsx bench/filter-eval.bench.ts
 */
import { compileResourceFilter } from '../src/engine/filter/index.js'
import { parseFilter } from '../src/grammar/filter/index.js'
import type { ResourceRevision, ResourceType } from '../src/model/resource.js'

const HOST: ResourceType = {
  name: 'host',
  state: 'active',
  attributes: { flavor: { type: 'string', required: false }, cores: { type: 'number', required: false } },
}
const FLAVORS = ['small', 'medium', 'large', null]
const N = 100_000
const resources: ResourceRevision[] = Array.from({ length: N }, (_, i) => ({
  id: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
  type: 'host',
  originalResourceId: `r${i}`,
  creator: 'admin',
  userId: `u${i % 50}`,
  projectId: `p${i % 10}`,
  startedAtUs: 1_577_836_800_000_000 + i * 1_000_000,
  endedAtUs: null,
  revisionStartUs: 1_577_836_800_000_000,
  revisionEndUs: null,
  revision: 1,
  attributes: { flavor: FLAVORS[i % 4], cores: (i % 16) + 1 },
}))

const filter = parseFilter("project_id = 'p3' and flavor != 'large' and cores >= 4")
const { predicate } = compileResourceFilter(filter, {
  resourceType: HOST,
  nowUs: Date.now() * 1000,
  idTransform: (raw) => raw,
})

let matches = 0
for (let round = 0; round < 3; round++) for (const r of resources) if (predicate(r)) matches++
const rounds = 20
const t0 = performance.now()
for (let round = 0; round < rounds; round++) for (const r of resources) if (predicate(r)) matches++
const seconds = (performance.now() - t0) / 1000
const evals = rounds * N
console.log(`3-clause predicate over ${N.toLocaleString('en-US')} resources: ${Math.round(evals / seconds).toLocaleString('en-US')} evaluations/s`)
console.log(`full scan of ${N.toLocaleString('en-US')} resources: ${((seconds / rounds) * 1000).toFixed(2)} ms (${matches / (rounds + 3)} matches)`)
