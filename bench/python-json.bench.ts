/**
 * Python-style JSON serialisation of a 288 000-point measures response (gnocchi-rest.md §1.2),
 * against JSON.stringify of the same data as a yardstick.
 * Run: node --import tsx bench/python-json.bench.ts
 */
import { pyFloat, pyJsonStringify, PyRows } from '../src/model/python-json.js'

const N = 288_000
const t0 = Date.UTC(2026, 0, 1) / 1000
const iso = (s: number): string => `${new Date(s * 1000).toISOString().slice(0, 19)}+00:00`
const values = Float64Array.from({ length: N }, (_, i) => Math.sin(i / 100) * 100 + (i % 7) / 3)
const stamps = Array.from({ length: N }, (_, i) => iso(t0 + i * 300))

function time(label: string, f: () => string | undefined, rounds = 5): void {
  f() // warm-up
  let best = Infinity
  let bytes = 0
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint()
    bytes = f()?.length ?? 0
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6)
  }
  console.log(`${label.padEnd(58)} ${best.toFixed(1).padStart(7)} ms  ${((N / best) * 1000 / 1e6).toFixed(2)} M points/s  ${(bytes / 1e6).toFixed(1)} MB`)
}

const gran = pyFloat(300)
time('pyJsonStringify rows [iso, pyFloat(gran), pyFloat(v)] (incl. boxing)', () =>
  pyJsonStringify(stamps.map((s, i) => [s, gran, pyFloat(values[i])])),
)
const boxed = stamps.map((s, i) => [s, gran, pyFloat(values[i])])
time('pyJsonStringify rows, pre-boxed', () => pyJsonStringify(boxed))
time('pyJsonStringify PyRows(stamps, pyFloat(gran), Float64Array)', () => pyJsonStringify(new PyRows(N, [stamps, gran, values])))
time('pyJsonStringify Float64Array column', () => pyJsonStringify(values))
const plain = stamps.map((s, i) => [s, 300, values[i]])
time('JSON.stringify rows [iso, 300, v] (yardstick, not Python output)', () => JSON.stringify(plain))

// End to end through Fastify's reply path (serializer + onSend), via inject.
const { buildApp } = await import('../src/http/app.js')
const app = await buildApp({ basePath: '', trustProxy: false, bodyLimitBytes: 1 << 20, logLevel: 'silent', auth: { mode: 'noauth', jwtSecret: null, jwtPublicKey: null } })
app.get('/bench/measures', async () => new PyRows(N, [stamps, gran, values]))
await app.ready()
let best = Infinity
for (let r = 0; r < 5; r++) {
  const start = process.hrtime.bigint()
  const res = await app.inject({ url: '/bench/measures' })
  if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`)
  best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6)
}
console.log(`${'app.inject GET of 288 000 measure rows as PyRows'.padEnd(58)} ${best.toFixed(1).padStart(7)} ms`)
await app.close()
