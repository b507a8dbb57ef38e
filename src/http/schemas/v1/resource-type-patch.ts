/**
 * The JSON patch of `PATCH /v1/resource_type/{name}` (gnocchi-rest.md §3.7): RFC 6902 limited
 * to `add` and `remove` under `/attributes`, validated with 4.4.2's voluptuous messages and
 * applied, in order, to the JSON form of the type with python-jsonpatch's error texts.
 */
import { badRequest, invalidInput } from '../../../model/errors.js'
import { documentedBody } from '../documented-body.js'
import { ATTRIBUTE_DEFINITION_BODY } from './resource-type.js'

/** One validated patch operation. */
export interface PatchOperation {
  readonly op: 'add' | 'remove'
  /** The JSON pointer split into unescaped segments. */
  readonly path: readonly string[]
  readonly value?: Readonly<Record<string, unknown>>
}

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => v !== null && typeof v === 'object' && !Array.isArray(v)

/** Splits an RFC 6901 pointer (`/a/b~1c`) into unescaped segments. */
export function splitPointer(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/**
 * Validates the patch body: a list of `{op: add|remove, path: ^/attributes…, value?: {…}}`.
 * @throws GnocchiError 400 Invalid input with the item path (`['0', 'op']`).
 */
export function parseResourceTypePatch(body: unknown): PatchOperation[] {
  if (!Array.isArray(body)) throw invalidInput('expected a list', [])
  return body.map((item: unknown, i): PatchOperation => {
    if (!isRecord(item)) throw invalidInput(`expected a dictionary @ data[${i}]`, [i])
    for (const key of Object.keys(item)) {
      if (key !== 'op' && key !== 'path' && key !== 'value') throw invalidInput(`extra keys not allowed @ data[${i}]['${key}']`, [i, key])
    }
    const { op, path, value } = item
    if (op === undefined) throw invalidInput(`required key not provided @ data[${i}]['op']`, [i, 'op'])
    if (op !== 'add' && op !== 'remove') throw invalidInput(`not a valid value for dictionary value @ data[${i}]['op']`, [i, 'op'])
    if (path === undefined) throw invalidInput(`required key not provided @ data[${i}]['path']`, [i, 'path'])
    if (typeof path !== 'string' || !path.startsWith('/attributes')) {
      throw invalidInput(`not a valid value for dictionary value @ data[${i}]['path']`, [i, 'path'])
    }
    if (value !== undefined && !isRecord(value)) throw invalidInput(`expected a dictionary for dictionary value @ data[${i}]['value']`, [i, 'value'])
    return { op, path: splitPointer(path), value }
  })
}

type Json = Record<string, unknown>

/**
 * Applies the operations in order to a deep copy of `doc` and returns it.
 * @throws GnocchiError 400 with python-jsonpatch's message (`can't remove a non-existent object 'x'`).
 */
export function applyResourceTypePatch(doc: Readonly<Json>, ops: readonly PatchOperation[]): Json {
  const root = structuredClone(doc) as Json
  for (const op of ops) {
    const parentPath = op.path.slice(0, -1)
    const last = op.path[op.path.length - 1] ?? ''
    let parent: unknown = root
    for (const segment of parentPath) {
      if (!isRecord(parent) || !(segment in parent)) {
        throw badRequest(`member '${segment}' not found in the document`)
      }
      parent = parent[segment]
    }
    if (!isRecord(parent)) throw badRequest(`member '${last}' not found in the document`)
    const target = parent as Json
    if (op.op === 'add') {
      if (op.value === undefined) throw badRequest("The operation does not contain a 'value' member")
      target[last] = structuredClone(op.value)
    } else {
      if (!Object.prototype.hasOwnProperty.call(target, last)) throw badRequest(`can't remove a non-existent object '${last}'`)
      delete target[last]
    }
  }
  return root
}

/**
 * The JSON Schema of the body {@link parseResourceTypePatch} validates
 * (`application/json-patch+json`).
 */
export const RESOURCE_TYPE_PATCH_BODY = documentedBody({
  content: {
    'application/json-patch+json': {
      schema: {
        type: 'array',
        items: {
          type: 'object',
          required: ['op', 'path'],
          properties: {
            op: { enum: ['add', 'remove'] },
            path: { type: 'string', pattern: '^/attributes', examples: ['/attributes/new_attr'] },
            value: { ...ATTRIBUTE_DEFINITION_BODY, description: '`add` only: the attribute definition, with `options.fill` to fill existing resources.' },
          },
          additionalProperties: false,
        },
        examples: [[{ op: 'add', path: '/attributes/rack', value: { type: 'string', required: false } }, { op: 'remove', path: '/attributes/old' }]],
      },
    },
  },
})
