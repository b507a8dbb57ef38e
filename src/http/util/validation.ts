/**
 * Ajv validation errors in Gnocchi's (voluptuous's) words (gnocchi-rest.md §1.1):
 * `{"cause": "Invalid input", "reason": "<problem>[ for dictionary value] @ data['k'][0]", "detail": ["k", "0"]}`.
 */
import type { ErrorObject } from 'ajv'
import { invalidInput, type GnocchiError } from '../../model/errors.js'

type Segment = string | number

function pathOf(instancePath: string): Segment[] {
  if (instancePath === '') return []
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s))
}

/** voluptuous's path text: `data['a'][0]['b']`. */
export function voluptuousPath(path: readonly Segment[]): string {
  return `data${path.map((s) => (typeof s === 'number' ? `[${s}]` : `['${s}']`)).join('')}`
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'expected str',
  number: 'expected float',
  integer: 'expected int',
  boolean: 'expected bool',
  array: 'expected a list',
  object: 'expected a dictionary',
  null: 'expected None',
}

/** The problem text of one Ajv error, in voluptuous's words where Gnocchi's are known. */
function problemOf(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'type': {
      const t = String(p.type).split(',')[0]
      return TYPE_WORDS[t] ?? `expected ${t}`
    }
    case 'enum':
    case 'const':
    case 'pattern':
    case 'anyOf':
    case 'oneOf':
      return 'not a valid value'
    case 'minLength':
    case 'minItems':
      return `length of value must be at least ${String(p.limit)}`
    case 'maxLength':
    case 'maxItems':
      return `length of value must be at most ${String(p.limit)}`
    case 'minimum':
      return `value must be at least ${String(p.limit)}`
    case 'maximum':
      return `value must be at most ${String(p.limit)}`
    case 'exclusiveMinimum':
      return `value must be higher than ${String(p.limit)}`
    case 'exclusiveMaximum':
      return `value must be lower than ${String(p.limit)}`
    case 'format':
      return p.format === 'uuid' ? 'badly formed hexadecimal UUID string' : 'not a valid value'
    default:
      return e.message ?? 'not a valid value'
  }
}

/**
 * Converts the first Ajv error to Gnocchi's `Invalid input`. `prefix` is prepended to the path
 * (e.g. `['limit']` is not needed for bodies; query errors pass their part name).
 */
export function ajvErrorToInvalidInput(errors: readonly ErrorObject[], data?: unknown): GnocchiError {
  // Prefer the most specific error: required/extra keys, then the deepest path.
  const e = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0]
  if (e === undefined) return invalidInput('not a valid value', [])
  const path = pathOf(e.instancePath)
  const p = e.params as Record<string, unknown>
  if (e.keyword === 'required') {
    const full = [...path, String(p.missingProperty)]
    return invalidInput(`required key not provided @ ${voluptuousPath(full)}`, full)
  }
  if (e.keyword === 'additionalProperties') {
    const full = [...path, String(p.additionalProperty)]
    return invalidInput(`extra keys not allowed @ ${voluptuousPath(full)}`, full)
  }
  const problem = problemOf(e)
  if (path.length === 0) return invalidInput(problem, [])
  // voluptuous says "for dictionary value" when the failing value sits in a mapping.
  const inDict = typeof path[path.length - 1] === 'string' || (data !== undefined && !isArrayAt(data, path.slice(0, -1)))
  return invalidInput(`${problem}${inDict ? ' for dictionary value' : ''} @ ${voluptuousPath(path)}`, path)
}

function isArrayAt(data: unknown, path: readonly Segment[]): boolean {
  let v: unknown = data
  for (const s of path) {
    if (v === null || typeof v !== 'object') return false
    v = (v as Record<string, unknown>)[String(s)]
  }
  return Array.isArray(v)
}
