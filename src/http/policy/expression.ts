/**
 * oslo.policy expressions: parsing and evaluation of the subset Gnocchi's rules use, with
 * oslo's semantics (gnocchi-rest.md §1.12).
 *
 * Grammar: `expr := and ('or' and)*`, `and := not ('and' not)*`, `not := 'not' not | atom`,
 * `atom := '(' expr ')' | '@' | '!' | kind ':' match`; the empty string means "always".
 */
import type { Credentials } from './identity.js'

/** A parsed policy expression. */
export type PolicyExpr =
  | { readonly kind: 'true' }
  | { readonly kind: 'false' }
  | { readonly kind: 'or' | 'and'; readonly operands: readonly PolicyExpr[] }
  | { readonly kind: 'not'; readonly operand: PolicyExpr }
  | { readonly kind: 'rule'; readonly name: string }
  | { readonly kind: 'role'; readonly match: string }
  | { readonly kind: 'generic'; readonly key: string; readonly match: string }

/** A flattened policy target: keys joined with `.`, as Gnocchi's `flatten_dict_to_keypairs`. */
export type PolicyTarget = Readonly<Record<string, unknown>>

/**
 * oslo's tokenizer: split on whitespace, then peel leading `(` and trailing `)` off each word
 * (parentheses inside a check, as in `%(creator)s`, belong to it).
 */
function tokenize(text: string): string[] {
  const out: string[] = []
  for (const word of text.split(/\s+/)) {
    if (word === '') continue
    let start = 0
    let end = word.length
    while (start < end && word[start] === '(') {
      out.push('(')
      start++
    }
    let closing = 0
    while (end > start && word[end - 1] === ')') {
      closing++
      end--
    }
    if (end > start) out.push(word.slice(start, end))
    for (let i = 0; i < closing; i++) out.push(')')
  }
  return out
}

/** Parses an oslo.policy expression. Throws `Error` on malformed text (a programming error). */
export function parsePolicyExpr(text: string): PolicyExpr {
  const tokens = tokenize(text)
  if (tokens.length === 0) return { kind: 'true' }
  let pos = 0
  const peek = (): string | undefined => tokens[pos]
  const orExpr = (): PolicyExpr => {
    const operands = [andExpr()]
    while (peek()?.toLowerCase() === 'or') {
      pos++
      operands.push(andExpr())
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands }
  }
  const andExpr = (): PolicyExpr => {
    const operands = [notExpr()]
    while (peek()?.toLowerCase() === 'and') {
      pos++
      operands.push(notExpr())
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands }
  }
  const notExpr = (): PolicyExpr => {
    if (peek()?.toLowerCase() === 'not') {
      pos++
      return { kind: 'not', operand: notExpr() }
    }
    return atom()
  }
  const atom = (): PolicyExpr => {
    const t = tokens[pos++]
    if (t === undefined) throw new Error(`policy: unexpected end of ${JSON.stringify(text)}`)
    if (t === '(') {
      const inner = orExpr()
      if (tokens[pos++] !== ')') throw new Error(`policy: missing ')' in ${JSON.stringify(text)}`)
      return inner
    }
    if (t === '@') return { kind: 'true' }
    if (t === '!') return { kind: 'false' }
    const colon = t.indexOf(':')
    if (colon <= 0) throw new Error(`policy: bad check ${JSON.stringify(t)} in ${JSON.stringify(text)}`)
    const key = t.slice(0, colon)
    const match = t.slice(colon + 1)
    if (key === 'rule') return { kind: 'rule', name: match }
    if (key === 'role') return { kind: 'role', match }
    return { kind: 'generic', key, match }
  }
  const expr = orExpr()
  if (pos !== tokens.length) throw new Error(`policy: trailing ${JSON.stringify(tokens[pos])} in ${JSON.stringify(text)}`)
  return expr
}

/** Python's `str()` of a JSON-ish value, as oslo's `%`-interpolation and comparison see it. */
function pyStr(v: unknown): string {
  if (v === null) return 'None'
  if (v === true) return 'True'
  if (v === false) return 'False'
  return String(v)
}

const INTERPOLATION = /%\(([^)]+)\)s/g

/** `match % target`: null when a referenced key is missing (oslo then answers false). */
function interpolate(match: string, target: PolicyTarget): string | null {
  let missing = false
  const out = match.replace(INTERPOLATION, (_all, key: string) => {
    if (!Object.prototype.hasOwnProperty.call(target, key)) {
      missing = true
      return ''
    }
    return pyStr(target[key])
  })
  return missing ? null : out
}

/** Evaluates an expression; `resolve` returns the named rules `rule:x` refers to. */
export function evaluatePolicyExpr(
  expr: PolicyExpr,
  creds: Credentials,
  target: PolicyTarget,
  resolve: (name: string) => PolicyExpr | undefined,
): boolean {
  switch (expr.kind) {
    case 'true':
      return true
    case 'false':
      return false
    case 'or':
      return expr.operands.some((e) => evaluatePolicyExpr(e, creds, target, resolve))
    case 'and':
      return expr.operands.every((e) => evaluatePolicyExpr(e, creds, target, resolve))
    case 'not':
      return !evaluatePolicyExpr(expr.operand, creds, target, resolve)
    case 'rule': {
      // gnocchi-compat: an unknown rule name is simply false, as oslo.policy's RuleCheck.
      const named = resolve(expr.name)
      return named !== undefined && evaluatePolicyExpr(named, creds, target, resolve)
    }
    case 'role': {
      const match = interpolate(expr.match, target)
      const roles = creds.roles
      if (match === null || !Array.isArray(roles)) return false
      const wanted = match.toLowerCase()
      return roles.some((r: string) => r.toLowerCase() === wanted)
    }
    case 'generic': {
      // gnocchi-compat: oslo's GenericCheck compares `match % target` with str(creds[key]);
      // a missing key on either side is false, a present None compares as 'None'.
      const match = interpolate(expr.match, target)
      if (match === null || !Object.prototype.hasOwnProperty.call(creds, expr.key)) return false
      const value = creds[expr.key]
      if (Array.isArray(value)) return false
      return match === pyStr(value)
    }
    default:
      return assertNever(expr)
  }
}

/**
 * Evaluates an expression before the target is known: true or false when the answer is the same
 * for every target (a `role:admin` that passes, a constant), null when some check interpolates
 * the target. Lets a caller skip building targets that could not change the answer.
 */
export function decideForAnyTarget(
  expr: PolicyExpr,
  creds: Credentials,
  resolve: (name: string) => PolicyExpr | undefined,
): boolean | null {
  switch (expr.kind) {
    case 'true':
      return true
    case 'false':
      return false
    case 'or': {
      let answer: boolean | null = false
      for (const e of expr.operands) {
        const d = decideForAnyTarget(e, creds, resolve)
        if (d === true) return true
        if (d === null) answer = null
      }
      return answer
    }
    case 'and': {
      let answer: boolean | null = true
      for (const e of expr.operands) {
        const d = decideForAnyTarget(e, creds, resolve)
        if (d === false) return false
        if (d === null) answer = null
      }
      return answer
    }
    case 'not': {
      const d = decideForAnyTarget(expr.operand, creds, resolve)
      return d === null ? null : !d
    }
    case 'rule': {
      const named = resolve(expr.name)
      return named === undefined ? false : decideForAnyTarget(named, creds, resolve)
    }
    case 'role':
    case 'generic':
      // Without `%(`, interpolation leaves the match as it is and never reads the target.
      return expr.match.includes('%(') ? null : evaluatePolicyExpr(expr, creds, {}, resolve)
    default:
      return assertNever(expr)
  }
}

function assertNever(x: never): never {
  throw new Error(`policy: unhandled node ${JSON.stringify(x)}`)
}

/** Flattens nested objects with `.` (arrays are kept as values), as Gnocchi does before enforcing. */
export function flattenTarget(value: Readonly<Record<string, unknown>>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const key of Object.keys(value)) {
    const v = value[key]
    const name = prefix === '' ? key : `${prefix}.${key}`
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flattenTarget(v as Record<string, unknown>, name, out)
    else out[name] = v
  }
  return out
}
