import { describe, expect, it } from 'vitest'
import { authorize, isAllowed } from '../../src/http/policy/authorize.js'
import { evaluatePolicyExpr, flattenTarget, parsePolicyExpr } from '../../src/http/policy/expression.js'
import type { Identity } from '../../src/http/policy/identity.js'
import { metricRowFilter, resourceRowFilter } from '../../src/http/policy/row-filter.js'
import { DEFAULT_POLICY } from '../../src/http/policy/rules.js'
import { basicIdentity, keystoneIdentity } from '../../src/http/plugins/auth.js'
import { GnocchiError } from '../../src/model/errors.js'
import { basic, sharedProbeApp } from './probe-app.js'

const ks = (user: string | null, project: string | null, roles: string[] = []): Identity => keystoneIdentity('keystone-headers', user, project, roles)

describe('policy expressions (oslo.policy semantics)', () => {
  const none = () => undefined
  it.each([
    ['', {}, {}, true],
    ['!', {}, {}, false],
    ['@', {}, {}, true],
    ['role:admin', { roles: ['ADMIN'] }, {}, true],
    ['role:admin', { roles: ['member'] }, {}, false],
    ['role:admin', {}, {}, false],
    ['user:%(creator)s', { user: 'bob' }, { creator: 'bob' }, true],
    ['user:%(creator)s', { user: 'bob' }, {}, false],
    ['project_id:%(project_id)s', { project_id: null }, { project_id: null }, true],
    ['project_id:%(project_id)s', {}, { project_id: 'p' }, false],
    ['not role:admin', { roles: [] }, {}, true],
    ['(role:a or role:b) and role:c', { roles: ['b', 'c'] }, {}, true],
    ['(role:a or role:b) and role:c', { roles: ['b'] }, {}, false],
    ['rule:nope', {}, {}, false],
  ])('%j with creds %j, target %j → %s', (text, creds, target, expected) => {
    expect(evaluatePolicyExpr(parsePolicyExpr(text), creds, target, none)).toBe(expected)
  })

  it('every default rule parses', () => {
    for (const text of Object.values(DEFAULT_POLICY)) expect(() => parsePolicyExpr(text)).not.toThrow()
  })

  it('flattens nested targets with dots', () => {
    expect(flattenTarget({ a: 1, resource: { project_id: 'p', x: { y: null } }, l: [1] })).toEqual({ a: 1, 'resource.project_id': 'p', 'resource.x.y': null, l: [1] })
  })
})

describe('default rules (gnocchi-rest.md §1.12)', () => {
  const metric = { creator: 'alice:pa', created_by_project_id: 'pa', resource: { project_id: 'pr' } }
  it.each([
    ['get metric', ks('x', 'pr'), metric, true],
    ['get metric', ks('x', 'pa'), metric, true],
    ['get metric', ks('x', 'pz'), metric, false],
    ['get measures', ks('x', 'pr'), metric, true],
    ['post measures', ks('x', 'pr'), metric, false],
    ['post measures', ks('alice', 'pa'), metric, true],
    ['delete metric', basicIdentity('alice'), { creator: 'alice' }, true],
    ['delete metric', basicIdentity('bob'), { creator: 'alice' }, false],
    ['get status', basicIdentity('admin'), {}, true],
    ['create archive policy', ks('x', 'p', ['member']), {}, false],
    ['list archive policy', basicIdentity('bob'), {}, true],
    ['create resource', basicIdentity('bob'), {}, true],
  ] as const)('%s for %j → %s', (rule, identity, target, allowed) => {
    expect(isAllowed(identity, rule, target)).toBe(allowed)
  })

  it('authorize throws 403 with an empty description', () => {
    try {
      authorize(basicIdentity('bob'), 'get status')
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(GnocchiError)
      expect((e as GnocchiError).code).toBe('FORBIDDEN')
      expect((e as GnocchiError).description).toBe('')
    }
  })
})

describe('row filters (filter mode)', () => {
  it('basic mode: never a filter, even for non-admins', () => {
    expect(resourceRowFilter(basicIdentity('bob'), 'list resource', 'generic')).toBeNull()
    expect(metricRowFilter(basicIdentity('bob'), 'list metric')).toBeNull()
  })

  it('keystone admin: no filter', () => {
    expect(resourceRowFilter(ks('u', 'p', ['admin']), 'search resource', 'generic')).toBeNull()
  })

  it('keystone member: own project or created by own project', () => {
    expect(resourceRowFilter(ks('u', 'p'), 'list resource', 'generic')).toEqual({
      kind: 'or',
      written: 'or',
      operands: [
        { kind: 'compare', op: 'eq', written: '=', attribute: 'project_id', value: 'p' },
        { kind: 'like', attribute: 'creator', value: '%:p' },
      ],
    })
  })

  it('delete resources: only created-by-project (no resource_owner in admin_or_creator)', () => {
    expect(resourceRowFilter(ks('u', 'p'), 'delete resources', 'generic')).toEqual({
      kind: 'or',
      written: 'or',
      operands: [{ kind: 'like', attribute: 'creator', value: '%:p' }],
    })
  })

  it('keystone member without project: resources without project or creator', () => {
    // gnocchi-compat: oslo compares str(None) == 'None', so both branches pass.
    expect(resourceRowFilter(ks('u', null), 'list resource', 'generic')).toEqual({
      kind: 'or',
      written: 'or',
      operands: [
        { kind: 'compare', op: 'eq', written: '=', attribute: 'project_id', value: null },
        { kind: 'compare', op: 'eq', written: '=', attribute: 'creator', value: null },
      ],
    })
  })

  it("metrics: creator of the caller project, or a resource of the caller's project (metric_owner)", () => {
    expect(metricRowFilter(ks('u', 'p'), 'list metric')).toEqual({
      kind: 'or',
      written: 'or',
      operands: [
        { kind: 'like', attribute: 'creator', value: '%:p' },
        { kind: 'compare', op: 'eq', written: '=', attribute: 'resource.project_id', value: 'p' },
      ],
    })
  })

  it('through HTTP: 403 "Insufficient privileges" is never reached with the default rules, filters are returned', async () => {
    const app = await sharedProbeApp({ auth: { mode: 'keystone-headers', jwtSecret: null, jwtPublicKey: null } })
    const res = await app.inject({ url: '/v1/probe/metric-filter', headers: { accept: 'application/json', 'x-user-id': 'u', 'x-project-id': 'p' } })
    expect(res.json()).toEqual({
      filter: {
        kind: 'or',
        written: 'or',
        operands: [
          { kind: 'like', attribute: 'creator', value: '%:p' },
          { kind: 'compare', op: 'eq', written: '=', attribute: 'resource.project_id', value: 'p' },
        ],
      },
    })
    const basicApp = await sharedProbeApp()
    const b = await basicApp.inject({ url: '/v1/probe/resource-filter', headers: { accept: 'application/json', authorization: basic('bob') } })
    expect(b.json()).toEqual({ filter: null })
  })
})
