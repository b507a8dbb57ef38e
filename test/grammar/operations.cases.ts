/**
 * Case tables for the operations language tests (gnocchi-aggregates.md §3, §8, §9). Expected
 * reasons were checked against a live Gnocchi 4.4.2 (gnocchi-ref).
 */
import type { MetricRef, OpNode } from '../../src/grammar/operations/ast.js'

/** `(metric NAME AGG)` */
export const metric = (name: string, aggregation: string): OpNode => ({
  kind: 'metric',
  refs: [{ name, aggregation }],
  single: true,
})
/** `(metric (N A) …)` */
export const metrics = (...pairs: [string, string][]): OpNode => ({
  kind: 'metric',
  refs: pairs.map(([name, aggregation]): MetricRef => ({ name, aggregation })),
  single: false,
})
/** A number literal. */
export const num = (value: number): OpNode => ({ kind: 'number', value })

/** Recursively drops `span` keys (undefined or not), for span-agnostic comparisons. */
export function stripSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSpans)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (k !== 'span' && v !== undefined) out[k] = stripSpans(v)
    return out
  }
  return value
}

/** The voluptuous rendering of a failure on the operations node itself. */
export const atNode = (message: string): string => `${message} for dictionary value @ data['operations']`

const A = metric('A', 'mean')
const AB = metrics(['A', 'mean'], ['B', 'mean'])

/** §8.1 worked examples E1–E24 (operations strings, with their ASTs). */
export const WORKED_EXAMPLES: readonly [string, string, OpNode][] = [
  ['E1', '(metric (A mean) (B mean))', AB],
  ['E2', '(aggregate mean (metric (A mean) (B mean)))', { kind: 'aggregate', method: 'mean', input: AB }],
  ['E9', '(- (metric A mean) (metric B mean))', { kind: 'binary', op: 'sub', written: '-', left: A, right: metric('B', 'mean') }],
  ['E10', '(* (metric (A mean) (B mean)) 2)', { kind: 'binary', op: 'mul', written: '*', left: AB, right: num(2) }],
  ['E11', '(- 100 (metric A mean))', { kind: 'binary', op: 'sub', written: '-', left: num(100), right: A }],
  ['E12', '(rolling mean 2 (metric A mean))', { kind: 'rolling', method: 'mean', window: 2, input: A }],
  ['E13', '(rolling sum 3 (metric (A mean) (B mean)))', { kind: 'rolling', method: 'sum', window: 3, input: AB }],
  ['E14', '(resample max 120 (metric A mean))', { kind: 'resample', method: 'max', granularitySec: 120, input: A }],
  ['E15', '(resample mean 120 (metric (A mean) (B mean)))', { kind: 'resample', method: 'mean', granularitySec: 120, input: AB }],
  ['E16', '(rateofchange (metric A mean))', { kind: 'unary', op: 'rateofchange', written: 'rateofchange', input: A }],
  ['E17a', '(clip (metric A mean) 3 8)', { kind: 'clip', input: A, lower: num(3), upper: num(8) }],
  ['E17b', '(clip_min (metric A mean) 6)', { kind: 'binary', op: 'clip_min', written: 'clip_min', left: A, right: num(6) }],
  ['E18', '(aggregate rate:sum (metric (A mean) (B mean)))', { kind: 'aggregate', method: 'rate:sum', input: AB }],
  ['E19', '(aggregate std (metric (A mean) (B mean)))', { kind: 'aggregate', method: 'std', input: AB }],
  ['E20', '(resample rate:mean 120 (metric A mean))', { kind: 'resample', method: 'rate:mean', granularitySec: 120, input: A }],
  ['E21', '(metric A mean)', A],
  ['E22', '(rolling mean 5 (metric A mean))', { kind: 'rolling', method: 'mean', window: 5, input: A }],
  ['E23', '(metric A last)', metric('A', 'last')],
  [
    'E24',
    '(aggregate mean (metric (A mean) (E mean)))',
    { kind: 'aggregate', method: 'mean', input: metrics(['A', 'mean'], ['E', 'mean']) },
  ],
  ['R1', '(aggregate sum (metric cpu.util mean))', { kind: 'aggregate', method: 'sum', input: metric('cpu.util', 'mean') }],
  ['R2', '(metric cpu.util mean)', metric('cpu.util', 'mean')],
  ['R3', '(aggregate mean (metric cpu.util mean))', { kind: 'aggregate', method: 'mean', input: metric('cpu.util', 'mean') }],
  ['R4', '(aggregate max (metric cpu.util mean))', { kind: 'aggregate', method: 'max', input: metric('cpu.util', 'mean') }],
  ['R5', '(metric cpu.* mean)', metric('cpu.*', 'mean')],
  ['R6', '(metric (cpu.util mean) (mem mean))', metrics(['cpu.util', 'mean'], ['mem', 'mean'])],
  ['R7', '(metric nothere mean)', metric('nothere', 'mean')],
  [
    '§9 legacy',
    '(aggregate sum (resample max 120 (metric (A max) (B max))))',
    {
      kind: 'aggregate',
      method: 'sum',
      input: { kind: 'resample', method: 'max', granularitySec: 120, input: metrics(['A', 'max'], ['B', 'max']) },
    },
  ],
]

/** §3.4 schema errors: input (string or JSON form) → reason and detail. */
export const SCHEMA_ERRORS: readonly [unknown, string, string[]][] = [
  [[], atNode('Operation must not be empty'), ['operations']],
  ['()', atNode('Operation must not be empty'), ['operations']],
  [{ foo: 'bar' }, atNode("Expected a tuple/list, got a <class 'dict'>"), ['operations']],
  [5, atNode("Expected a tuple/list, got a <class 'int'>"), ['operations']],
  [1.5, atNode("Expected a tuple/list, got a <class 'float'>"), ['operations']],
  [true, atNode("Expected a tuple/list, got a <class 'bool'>"), ['operations']],
  [null, atNode("Expected a tuple/list, got a <class 'NoneType'>"), ['operations']],
  [['metric'], atNode('Operation need at least one argument'), ['operations']],
  ['(metric)', atNode('Operation need at least one argument'), ['operations']],
  ['(5)', atNode('Operation need at least one argument'), ['operations']],
  ['(notexist (metric a b))', atNode("'notexist' operation invalid"), ['operations']],
  ['(rolling blah 2 (metric a b))', atNode("'rolling' operation invalid"), ['operations']],
  ['(rolling mean (metric a b))', atNode("'rolling' operation invalid"), ['operations']],
  ['(rolling mean 0 (metric a b))', atNode("'rolling' operation invalid"), ['operations']],
  ['(rolling mean 2.5 (metric a b))', atNode("'rolling' operation invalid"), ['operations']],
  ['(rolling mean "2" (metric a b))', atNode("'rolling' operation invalid"), ['operations']],
  ['(resample mean invalid (metric a b))', atNode("'resample' operation invalid"), ['operations']],
  ['(resample mean 0 (metric a b))', atNode("'resample' operation invalid"), ['operations']],
  ['(resample mean 1mo (metric a b))', atNode("'resample' operation invalid"), ['operations']],
  ['(aggregate foo (metric a b))', atNode("'aggregate' operation invalid"), ['operations']],
  ['(aggregate Mean (metric a b))', atNode("'aggregate' operation invalid"), ['operations']],
  ['(aggregate last (metric a b))', atNode("'aggregate' operation invalid"), ['operations']],
  ['(abs X 3)', atNode("'abs' operation invalid"), ['operations']],
  ['(+ X)', atNode("'+' operation invalid"), ['operations']],
  ['(+ (metric a b) foo)', atNode("'+' operation invalid"), ['operations']],
  ['(+ foo (metric a))', atNode("'+' operation invalid"), ['operations']],
  ['(clip 1)', atNode("'clip' operation invalid"), ['operations']],
  ['(clip (metric a b) 1 2 3)', atNode("'clip' operation invalid"), ['operations']],
  ['(aggregate mean (rolling blah 2 (metric a b)))', atNode("'aggregate' operation invalid"), ['operations']],
  ['((metric a b) 1)', atNode("'['metric', 'a', 'b']' operation invalid"), ['operations']],
  ['(constructor 1 2)', atNode("'constructor' operation invalid"), ['operations']],
  ['(__proto__ (metric a b))', atNode("'__proto__' operation invalid"), ['operations']],
  [[5.5, 1], atNode("'5.5' operation invalid"), ['operations']],
  [[null, 1], atNode("'None' operation invalid"), ['operations']],
  [[true, 1], atNode("'True' operation invalid"), ['operations']],
  [['+', ['metric', 'a', 'b'], null], atNode("'+' operation invalid"), ['operations']],
  [['resample', 'mean', -5, ['metric', 'a', 'b']], atNode("'resample' operation invalid"), ['operations']],
  [['rolling', 'mean', false, ['metric', 'a', 'b']], atNode("'rolling' operation invalid"), ['operations']],
  // gnocchi-compat: a bad metric reference fails one level deeper, indexed within that metric node
  ['(metric ID)', "None @ data['operations'][0]", ['operations', '0']],
  ['(metric ID mean extra)', "None @ data['operations'][0]", ['operations', '0']],
  ['(metric (A mean) B)', "None @ data['operations'][1]", ['operations', '1']],
  ['(metric (a b) (c d) (e f g))', "None @ data['operations'][2]", ['operations', '2']],
  ['(aggregate mean (metric a b c))', "None @ data['operations'][0]", ['operations', '0']],
  ['(+ (metric a) (metric b c d))', "None @ data['operations'][0]", ['operations', '0']],
  ['(metric a"b c" d)', "None @ data['operations'][0]", ['operations', '0']],
  [['metric', 5, 'mean'], "None @ data['operations'][0]", ['operations', '0']],
  [['metric', null], "None @ data['operations'][0]", ['operations', '0']],
  [['metric', []], "None @ data['operations'][0]", ['operations', '0']],
  [['metric', ['a', 'b'], 'c'], "None @ data['operations'][1]", ['operations', '1']],
  [['metric', ['A', ['x']]], "expected str @ data['operations'][0]", ['operations', '0']],
  [['metric', ['A', 5]], "expected str @ data['operations'][0]", ['operations', '0']],
  [['metric', ['a', 'b'], ['c', null]], "expected str @ data['operations'][1]", ['operations', '1']],
  [['rolling', 'mean', 2, ['metric']], atNode("'rolling' operation invalid"), ['operations']],
]

/** Inputs that only fail the "no metric" rule (§2.1 step 3), with the expected detail. */
export const NO_METRIC: readonly [unknown, unknown][] = [
  ['(+ 1 2)', ['+', 1, 2]],
  ['(resample mean 60 (+ 1 2))', ['resample', 'mean', 60, ['+', 1, 2]]],
  ['(rolling mean 2 5)', ['rolling', 'mean', 2, 5]],
  [['rolling', 'mean', 2.7, ['+', true, '3']], ['rolling', 'mean', 2, ['+', 1, 3]]],
  ['(clip 1 2)', ['clip', 1, 2]],
  ['(resample mean 1h (abs -inf))', ['resample', 'mean', 3600, ['abs', -Infinity]]],
  [['rolling', 'mean', '1_0', 5], ['rolling', 'mean', 10, 5]],
  [['aggregate', 'mean', true], ['aggregate', 'mean', 1]],
  ['(+ 1 2) (metric', ['+', 1, 2]],
]
