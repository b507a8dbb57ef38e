/**
 * Raw string-form tree → {@link FilterNode}, applying the checks the JSON schema applies to
 * Gnocchi's translation of the string (`a OP b` → `{OP: {a: b}}`).
 */
import type { FilterNode } from './ast.js'
import { buildCondition } from './condition.js'
import type { RawExpr } from './raw-tree.js'
import { extraKeyError, type PathElement } from './schema-errors.js'

/**
 * Converts a parsed expression; `path` is its place in the JSON translation (for error paths).
 * @throws GnocchiError `Invalid input` exactly as for the equivalent JSON filter.
 */
export function rawToAst(raw: RawExpr, path: readonly PathElement[] = []): FilterNode {
  switch (raw.kind) {
    case 'condition': {
      if (typeof raw.left !== 'string') {
        // gnocchi-compat: the left term becomes the dictionary key, so `2 < cores` fails as `extra keys not allowed @ data['<'][2.0]`, see gnocchi-aggregates.md §7.3
        throw extraKeyError([...path, raw.op, { key: raw.left }])
      }
      return buildCondition(raw.op, raw.left, raw.right, path, { span: raw.span, floats: true })
    }
    case 'not':
      return { kind: 'not', operand: rawToAst(raw.operand, [...path, 'not']), span: raw.span }
    case 'chain': {
      const operands = raw.operands.map((o, i) => rawToAst(o, [...path, raw.op, { index: i }]))
      return raw.op === 'and' || raw.op === '∧'
        ? { kind: 'and', written: raw.op, operands, span: raw.span }
        : { kind: 'or', written: raw.op, operands, span: raw.span }
    }
  }
}
