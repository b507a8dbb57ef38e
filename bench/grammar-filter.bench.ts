/**
 * Filter parsing throughput: a 10-clause string filter, the same filter as JSON, and a typical
 * 2-clause filter. Run: node --import tsx bench/grammar-filter.bench.ts
 */
import { filterFromJson, parseFilter, printFilterJson } from '../src/grammar/filter/index.js'

const TEN_CLAUSES =
  "flavor = 'small' and cores >= 4 and enabled = true and project_id = 'p1' and user_id != null " +
  "and started_at > '2020-01-01' and (type = host or type = vm) and id in [a, b, c] and name like 'web%' and ended_at = null"
const TYPICAL = "project_id = 'p1' and flavor like 'sm%'"
const JSON_FORM = printFilterJson(parseFilter(TEN_CLAUSES))

function measure(label: string, run: () => unknown, iterations: number): void {
  for (let i = 0; i < Math.min(20_000, iterations); i++) run()
  const t0 = performance.now()
  for (let i = 0; i < iterations; i++) run()
  const seconds = (performance.now() - t0) / 1000
  const perSecond = iterations / seconds
  console.log(`${label}: ${Math.round(perSecond).toLocaleString('en-US')} parses/s (${((seconds / iterations) * 1e6).toFixed(2)} µs/parse)`)
}

measure('string, 10 clauses', () => parseFilter(TEN_CLAUSES), 100_000)
measure('JSON, 10 clauses', () => filterFromJson(JSON_FORM), 200_000)
measure('string, typical 2 clauses', () => parseFilter(TYPICAL), 200_000)
measure('string, rejected (syntax error)', () => {
  try {
    parseFilter('project_id = p1 AND flavor = small')
  } catch {
    // expected: measuring the error path
  }
}, 50_000)
