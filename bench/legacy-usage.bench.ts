/**
 * Usage query of the legacy routes: 200 instances × 1 day of per-minute points (the test
 * estate), computed through `computeUsage` for 6 and 288 datapoints, grouped by customer and
 * by project. The reader is the in-memory test reader, so this measures the legacy layer
 * (index walk, batching, folding), not the storage driver.
 */
import { computeUsage } from '../src/legacy/usage.js'
import { DEFAULT_USAGE_ITEMS } from '../src/legacy/usage-items.js'
import { parseUsageQuery } from '../src/legacy/usage-query.js'
import { DAY0, buildBigEstate } from '../test/legacy/fixture.js'

const estate = await buildBigEstate()
const deps = { index: estate.store.index, reader: estate.store.reader, items: DEFAULT_USAGE_ITEMS }
const admin = { isAdmin: true, projectId: null }

for (const datapoints of [6, 288]) {
  for (const aggregate of ['customer', 'project']) {
    const query = parseUsageQuery({ item: 'cpu', aggregate, from: String(DAY0), to: String(DAY0 + 86400), datapoints: String(datapoints) }, DEFAULT_USAGE_ITEMS, DAY0 + 86400)
    for (let i = 0; i < 5; i++) await computeUsage(deps, admin, query)
    const runs = 50
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now()
      await computeUsage(deps, admin, query)
      times.push(performance.now() - t0)
    }
    times.sort((a, b) => a - b)
    const points = 200 * 1440
    console.log(
      `legacy usage, 200 instances x 1 day (${points} points), ${datapoints} datapoints by ${aggregate}: ` +
        `p50 ${times[runs >> 1].toFixed(2)} ms, p95 ${times[Math.floor(runs * 0.95)].toFixed(2)} ms, ` +
        `${(points / (times[runs >> 1] / 1000) / 1e6).toFixed(1)} M points/s`,
    )
  }
}
await estate.store.close()
