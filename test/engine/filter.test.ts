import { describe, expect, it } from 'vitest'
import { compileResourceFilter, likeToRegExp, type FilterContext } from '../../src/engine/filter/index.js'
import { filterFromJson, parseFilter } from '../../src/grammar/filter/index.js'
import { GnocchiError, badRequest } from '../../src/model/errors.js'
import type { ResourceRevision, ResourceType } from '../../src/model/resource.js'

const HOST: ResourceType = {
  name: 'host',
  state: 'active',
  attributes: {
    flavor: { type: 'string', required: false },
    cores: { type: 'number', required: false },
    enabled: { type: 'bool', required: false },
    born: { type: 'datetime', required: false },
    parent: { type: 'uuid', required: false },
  },
}
const GENERIC: ResourceType = { name: 'generic', state: 'active', attributes: {} }

const H = 3_600_000_000 // one hour in µs
const T0 = Date.UTC(2020, 0, 1) * 1000
const NOW = T0 + 100 * H
const PARENT = '75c44741-cc60-4033-804e-2d3098c7d2e9'

/** Fake UUID5: ids are `00000000-0000-0000-0000-<12 digits>` per raw text; `/` rejected as Gnocchi does. */
const KNOWN_IDS: Record<string, string> = { r1: id(1), r2: id(2), r3: id(3), r4: id(4), r5: id(5) }
function id(n: number): string {
  return `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`
}
function idTransform(raw: string): string {
  if (/^[0-9a-f-]{36}$/.test(raw)) return raw
  if (raw.includes('/')) throw badRequest("'/' is not supported in resource id")
  return KNOWN_IDS[raw] ?? id(999)
}

function revision(n: number, over: Partial<ResourceRevision>, attributes: ResourceRevision['attributes']): ResourceRevision {
  return {
    id: id(n),
    type: 'host',
    originalResourceId: `r${n}`,
    creator: 'admin',
    userId: null,
    projectId: null,
    startedAtUs: T0,
    endedAtUs: null,
    revisionStartUs: T0,
    revisionEndUs: null,
    revision: 1,
    attributes,
    ...over,
  }
}

const FIXTURE: readonly ResourceRevision[] = [
  revision(1, { userId: 'u1', projectId: 'p1', creator: 'alice:p1', endedAtUs: T0 + H },
    { flavor: 'small', cores: 2, enabled: true, born: T0, parent: PARENT }),
  revision(2, { userId: '12', projectId: 'p1', creator: 'bob:p2' },
    { flavor: 'large', cores: 8, enabled: false, born: T0 + 2 * H, parent: null }),
  revision(3, { userId: '12.0', projectId: null, endedAtUs: T0 + 3 * H },
    { flavor: null, cores: null, enabled: null, born: null, parent: null }),
  revision(4, { userId: 'True', projectId: 'p2', creator: null, revisionEndUs: T0 + 5 * H, revision: 0 },
    { flavor: 'sm_ll', cores: 4, enabled: true, born: null, parent: null }),
  revision(5, { type: 'generic', originalResourceId: 'r5', userId: null, projectId: 'p3', startedAtUs: T0 + 10 * H }, {}),
]

function ctx(over: Partial<FilterContext> = {}): FilterContext {
  return { resourceType: HOST, history: true, nowUs: NOW, idTransform, ...over }
}

function matching(filter: string | object, c: FilterContext = ctx()): number[] {
  const ast = typeof filter === 'string' ? parseFilter(filter) : filterFromJson(filter)
  const { predicate } = compileResourceFilter(ast, c)
  return FIXTURE.filter(predicate).map((r) => Number(r.originalResourceId.slice(1)))
}

function failure(f: () => unknown): GnocchiError {
  try {
    f()
  } catch (e) {
    if (e instanceof GnocchiError) return e
    throw e
  }
  throw new Error('expected a GnocchiError')
}

describe('compileResourceFilter: §7.2 semantics', () => {
  it.each<[string | object, number[]]>([
    [{}, [1, 2, 3, 4, 5]],
    ["flavor = 'small'", [1]],
    ['flavor == small', [1]],
    ['flavor = null', [3, 5]],
    ['flavor != null', [1, 2, 4]],
    // != matches NULL rows; NOT(=) does not (three-valued logic)
    ["flavor != 'small'", [2, 3, 4, 5]],
    ["not flavor = 'small'", [2, 4]],
    ["not flavor != 'small'", [1]],
    ['cores > 2', [2, 4]],
    ['cores >= 2', [1, 2, 4]],
    ['cores < 8', [1, 4]],
    ['cores ≤ 4 ∧ cores ≥ 4', [4]],
    ["cores = '4'", [4]],
    ['not cores > 2', [1]],
    ['cores in [2, 8]', [1, 2]],
    ['cores in [2, null]', [1]],
    ['not cores in [2, null]', []],
    ['not cores in [2]', [2, 4]],
    ["flavor like 'sm%'", [1, 4]],
    ["flavor like 'sm_ll'", [1, 4]],
    ["flavor like 'SM%'", []],
    ["flavor like 'sm\\_ll'", [4]],
    ["not flavor like 'sm%'", [2]],
    ['enabled = true', [1, 4]],
    ["enabled = 'no'", [2]],
    ["enabled = 'yes'", [1, 4]],
    ['enabled != true', [2, 3, 5]],
    [`parent = '${PARENT.toUpperCase()}'`, [1]],
    [`parent = '{${PARENT}}'`, [1]],
    ["born >= '2020-01-01T01:00:00'", [2]],
    ["born < '2020-01-01 01:00'", [1]],
    ['born = 1577836800', [1]],
    ["started_at > '-200 hours'", [1, 2, 3, 4, 5]],
    ["started_at > '-95 hours'", [5]],
    ['ended_at = null', [2, 4, 5]],
    ["ended_at <= '2020-01-01T02:00:00+00:00'", [1]],
    ["revision_start = '2020-01-01'", [1, 2, 3, 4, 5]],
    ["revision_start > '2020-01-01'", []],
    ['revision_end != null', [4]],
    ['revision < 1', [4]],
    // JSON integers bind as `12`, string-form (float) numbers as `12.0`, booleans as `True`
    [{ '=': { user_id: 12 } }, [2]],
    ['user_id = 12', [3]],
    ["user_id = '12'", [2]],
    ['user_id = true', [4]],
    [{ in: { user_id: [12, true] } }, [2, 4]],
    [{ like: { user_id: 12 } }, [2]],
    ["user_id < 'u'", [2, 3, 4]],
    ['project_id = p1 and user_id = u1', [1]],
    ['project_id = p1 or project_id = p2', [1, 2, 4]],
    ['project_id = null', [3]],
    ['type = generic', [5]],
    ['creator = admin', [3, 5]],
    ["original_resource_id like 'r%'", [1, 2, 3, 4, 5]],
    ['id = r2', [2]],
    ["id in [r1, 'r3']", [1, 3]],
    [`id = '${id(4)}'`, [4]],
    ["lifespan = '1 hour'", [1]],
    ['lifespan > 3600', [3]],
    ["lifespan != '1 hour'", [2, 3, 4, 5]],
    ['created_by_user_id = alice', [1]],
    ['created_by_user_id != alice', [2, 3, 5]],
    ['created_by_project_id = p2', [2]],
    ["created_by_project_id like 'p%'", [1, 2]],
    ['created_by_user_id = admin', []],
    ['(cores = 2 or cores = 8) and not enabled = false', [1]],
    ['cores > 100 or flavor = null', [3, 5]],
    ['not (cores > 100 or flavor = null)', [1, 2, 4]],
  ])('%j', (filter, expected) => {
    expect(matching(filter)).toEqual(expected)
  })
})

describe('compileResourceFilter: errors', () => {
  it.each<[string | object, string, Partial<FilterContext>]>([
    ['metrics = null', 'Resource type host has no metrics attribute', {}],
    ['flavor = small', 'Resource type generic has no flavor attribute', { resourceType: GENERIC }],
    ['revision_end = null', 'Resource type host has no revision_end attribute', { history: false }],
    ["started_at = 'bad'", "Invalid value: `bad' for field `started_at'", {}],
    ["started_at in ['bad']", "Invalid value: `['bad']' for field `started_at'", {}],
    ["cores = 'four'", "Invalid value: `four' for field `cores'", {}],
    ["enabled = 'maybe'", "Invalid value: `maybe' for field `enabled'", {}],
    ['enabled = 1', "Invalid value: `1.0' for field `enabled'", {}],
    ["parent = 'nope'", "Invalid value: `nope' for field `parent'", {}],
    ["lifespan = 'forever'", "Invalid value: `forever' for field `lifespan'", {}],
    ['created_by_user_id > x', "Invalid value: `x' for field `created_by_user_id'", {}],
    [{ in: { created_by_user_id: ['admin'] } }, "Invalid value: `['admin']' for field `created_by_user_id'", {}],
    ["started_at like '2020%'", "Invalid value: `2020%' for field `started_at'", {}],
  ])('%j', (filter, description, over) => {
    const e = failure(() => matching(filter, ctx(over)))
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.description).toBe(description)
  })

  it.each<[object, string, string[]]>([
    [{ '=': { id: 'a/b' } }, "'/' is not supported in resource id for dictionary value @ data['=']['id']", ['=', 'id']],
    [{ and: [{ in: { id: ['x', 'a/b'] } }] }, "'/' is not supported in resource id @ data['and'][0]['in']['id'][1]", ['and', '0', 'in', 'id', '1']],
    [{ '=': { id: 12 } }, "expected str for dictionary value @ data['=']['id']", ['=', 'id']],
  ])('id %j → Invalid input', (filter, reason, detail) => {
    const e = failure(() => matching(filter))
    expect(e.description).toEqual({ cause: 'Invalid input', reason, detail })
  })
})

describe('compileResourceFilter: hints', () => {
  it.each<[string, object]>([
    ["flavor = 'x'", {}],
    ['project_id = p1', { project_id: ['p1'] }],
    ['project_id = null and user_id in [a, b, null]', { project_id: [null], user_id: ['a', 'b'] }],
    ['project_id in [p1, p2] and project_id = p2', { project_id: ['p2'] }],
    ['id in [r1, r2] and type = host', { id: [id(1), id(2)], type: ['host'] }],
    ['original_resource_id = r1 ∧ user_id = 12', { original_resource_id: ['r1'], user_id: ['12.0'] }],
    ['project_id = p1 or user_id = u1', {}],
    ['not project_id = p1', {}],
    ['type = null', { type: [] }],
  ])('%s', (text, hints) => {
    expect(compileResourceFilter(parseFilter(text), ctx()).hints).toEqual(hints)
  })

  it('never excludes a resource the predicate accepts', () => {
    for (const text of ['project_id = p1 and user_id = u1', 'id in [r1, r2] and flavor != small', 'type = host and project_id in [p1, null]']) {
      const { predicate, hints } = compileResourceFilter(parseFilter(text), ctx())
      for (const r of FIXTURE.filter(predicate)) {
        if (hints.id) expect(hints.id).toContain(r.id)
        if (hints.project_id) expect(hints.project_id).toContain(r.projectId)
        if (hints.type) expect(hints.type).toContain(r.type)
      }
    }
  })
})

describe('likeToRegExp', () => {
  it.each<[string, string, boolean]>([
    ['a%', 'abc', true],
    ['a%', 'ba', false],
    ['a_c', 'abc', true],
    ['a_c', 'ac', false],
    ['%.%', 'x.y', true],
    ['%.%', 'xy', false],
    ['100\\%', '100%', true],
    ['100\\%', '1000', false],
    ['(a)', '(a)', true],
    ['é_', 'éü', true],
    ['%', '', true],
  ])('%s ~ %s', (pattern, text, expected) => {
    expect(likeToRegExp(pattern).test(text)).toBe(expected)
  })
})
