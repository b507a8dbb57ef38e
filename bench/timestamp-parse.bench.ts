/**
 * Throughput of measure-timestamp parsing (the ingestion hot path): numbers, ISO strings,
 * relative forms. Run: `node --import tsx bench/timestamp-parse.bench.ts`.
 */
import { parseTimestampListUs } from '../src/model/timestamp.js'

const N = 200_000
const base = 1_425_652_437
const inputs: Record<string, unknown[]> = {
  'epoch numbers': Array.from({ length: N }, (_, i) => base + i),
  'float strings': Array.from({ length: N }, (_, i) => `${base + i}.5`),
  'ISO 8601 with zone': Array.from({ length: N }, (_, i) => new Date((base + i) * 1000).toISOString()),
  'relative (-N seconds)': Array.from({ length: N }, (_, i) => `-${(i % 3600) + 1} seconds`),
}

for (const [label, values] of Object.entries(inputs)) {
  parseTimestampListUs(values.slice(0, 1000))
  const t0 = process.hrtime.bigint()
  parseTimestampListUs(values)
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  console.log(`${label.padEnd(24)} ${N} values in ${ms.toFixed(1)} ms = ${((N / ms) * 1000).toFixed(0)} values/s`)
}
