/**
 * Operations-language parse speed: `node --import tsx bench/grammar-operations.bench.ts`.
 * Prints parses/s and µs/parse for a typical string, a 50-metric string and the JSON form.
 */
import { operationsFromJson, parseOperations, parseOperationsInput } from '../src/grammar/operations/index.js'

const TYPICAL = '(aggregate sum (metric volume.size mean))'
const ids = Array.from({ length: 50 }, (_, i) => `5b2d4f0e-94c7-4d6f-a6a4-${String(i).padStart(12, '0')}`)
const FIFTY = `(aggregate mean (metric ${ids.map((id) => `(${id} mean)`).join(' ')}))`
const ARITHMETIC = '(/ (clip (rolling mean 3 (resample max 1h (metric (A mean) (B mean)))) 0 100) 2)'
const JSON_TYPICAL: unknown = JSON.parse('["aggregate", "sum", ["metric", "volume.size", "mean"]]')
const JSON_FIFTY: unknown = ['aggregate', 'mean', ['metric', ...ids.map((id) => [id, 'mean'])]]

/**
 * Runs `fn` in rounds of ~`roundMs` and reports the fastest round: on a shared machine the
 * slower rounds measure the neighbours, not the parser.
 */
function measure(label: string, fn: () => unknown, rounds = 7, roundMs = 250): void {
  for (let i = 0; i < 3000; i++) fn() // warm-up: let the JIT settle
  let best = Infinity
  for (let r = 0; r < rounds; r++) {
    let n = 0
    const start = performance.now()
    let elapsed = 0
    while (elapsed < roundMs) {
      for (let i = 0; i < 200; i++) fn()
      n += 200
      elapsed = performance.now() - start
    }
    best = Math.min(best, (elapsed * 1000) / n)
  }
  const perSec = Math.round(1e6 / best).toLocaleString('en-US')
  console.log(`${label.padEnd(44)} ${perSec.padStart(12)} parses/s  ${best.toFixed(2).padStart(8)} µs/parse`)
}

console.log(`grammar-operations (node ${process.version}; best of 7 rounds of 0.25 s)`)
measure('string, typical (1 metric)', () => parseOperations(TYPICAL))
measure('string, arithmetic (5 operators, 2 metrics)', () => parseOperations(ARITHMETIC))
measure(`string, 50 metrics (${FIFTY.length} chars)`, () => parseOperations(FIFTY))
measure('JSON form, typical (1 metric)', () => operationsFromJson(JSON_TYPICAL))
measure('JSON form, 50 metrics', () => operationsFromJson(JSON_FIFTY))
measure('parseOperationsInput, typical string', () => parseOperationsInput(TYPICAL))
measure('string, parse error (unclosed)', () => {
  try {
    parseOperations('(aggregate sum (metric volume.size mean)')
  } catch (e) {
    return e
  }
})
measure('string, schema error', () => {
  try {
    parseOperations('(rolling blah 2 (metric a b))')
  } catch (e) {
    return e
  }
})
