/**
 * Split codec: bytes per point on typical series and encode/decode speed.
 * Series of one full split (3600 buckets at 60 s): constant, counter (random increments),
 * slowly varying gauge (random walk, 2 decimals), random floats.
 * Run: node --import tsx bench/codec.bench.ts
 */
import { performance } from 'node:perf_hooks'
import { decodeSplit, encodeSplit, SPLIT_POINTS } from '../src/engine/codec/split-codec.js'

const G = 60_000_000
let seed = 7
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed / 2147483648
}
let counter = 1e6
let gauge = 21.5
const series: [string, number[]][] = [
  ['constant', Array.from({ length: SPLIT_POINTS }, () => 42)],
  ['counter', Array.from({ length: SPLIT_POINTS }, () => (counter += Math.floor(rand() * 500)))],
  ['slowly varying gauge', Array.from({ length: SPLIT_POINTS }, () => (gauge = Math.round((gauge + (rand() - 0.5) * 0.4) * 100) / 100))],
  ['mean of a gauge (non-decimal)', Array.from({ length: SPLIT_POINTS }, (_, i) => (20 + Math.round(i / 10)) / 3)],
  ['random floats', Array.from({ length: SPLIT_POINTS }, () => (rand() - 0.5) * 1e6 * rand())],
]

for (const pass of [0, 1]) for (const [label, values] of series) {
  const s = { timestampsUs: Float64Array.from(values, (_, i) => i * G), values: Float64Array.from(values) }
  const bytes = encodeSplit(s, 0, G)
  const rounds = 300
  let t = performance.now()
  for (let r = 0; r < rounds; r++) encodeSplit(s, 0, G)
  const enc = performance.now() - t
  t = performance.now()
  for (let r = 0; r < rounds; r++) decodeSplit(bytes, 0, G)
  const dec = performance.now() - t
  const pts = rounds * SPLIT_POINTS
  if (pass === 1) console.log(
    `${label.padEnd(30)} ${(bytes.length / SPLIT_POINTS).toFixed(3)} bytes/point  ` +
      `encode ${((pts / enc) * 1000 / 1e6).toFixed(1)} M points/s  decode ${((pts / dec) * 1000 / 1e6).toFixed(1)} M points/s`,
  )
}
