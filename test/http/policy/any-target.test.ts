/**
 * Deciding a rule before its target is built (`decideForAnyTarget`, `isAllowedForAnyTarget`):
 * a decision must be what evaluation gives for every target, and a target-dependent check must
 * leave it open.
 */
import { describe, expect, it } from 'vitest'
import { isAllowed, isAllowedForAnyTarget } from '../../../src/http/policy/authorize.js'
import { decideForAnyTarget, evaluatePolicyExpr, parsePolicyExpr } from '../../../src/http/policy/expression.js'
import type { Credentials, Identity } from '../../../src/http/policy/identity.js'
import { DEFAULT_POLICY, type PolicyRuleName } from '../../../src/http/policy/rules.js'
import { basicIdentity, keystoneIdentity } from '../../../src/http/plugins/auth.js'

const none = (): undefined => undefined

describe('decideForAnyTarget', () => {
  it.each<[string, Credentials, boolean | null]>([
    ['', {}, true],
    ['!', {}, false],
    ['role:admin', { roles: ['Admin'] }, true],
    ['role:admin', { roles: ['member'] }, false],
    ['role:%(r)s', { roles: ['admin'] }, null],
    ['user:%(creator)s', { user: 'bob' }, null],
    ['user:bob', { user: 'bob' }, true],
    ['role:admin or user:%(creator)s', { roles: ['admin'] }, true],
    ['role:admin or user:%(creator)s', { roles: [] }, null],
    ['role:admin and user:%(creator)s', { roles: [] }, false],
    ['role:admin and user:%(creator)s', { roles: ['admin'] }, null],
    ['not user:%(creator)s', { user: 'bob' }, null],
    ['not role:admin', { roles: ['admin'] }, false],
    ['rule:nope or role:x', { roles: [] }, false],
  ])('%j with creds %j → %s', (text, creds, expected) => {
    expect(decideForAnyTarget(parsePolicyExpr(text), creds, none)).toBe(expected)
  })

  it('never contradicts evaluation on any of a set of targets', () => {
    const targets = [{}, { creator: 'bob' }, { creator: 'eve', r: 'admin' }, { 'resource.project_id': 'p1', created_by_project_id: 'p1' }]
    const texts = ['role:admin or user:%(creator)s', 'role:%(r)s', 'not user:%(creator)s', 'project_id:%(resource.project_id)s and role:x', 'role:admin and not role:x']
    const credsList: Credentials[] = [{ user: 'bob', roles: ['admin'] }, { user: 'eve', roles: ['x'] }, { user: 'bob', project_id: 'p1', roles: [] }]
    for (const text of texts) {
      const expr = parsePolicyExpr(text)
      for (const creds of credsList) {
        const decided = decideForAnyTarget(expr, creds, none)
        if (decided === null) continue
        for (const target of targets) expect(evaluatePolicyExpr(expr, creds, target, none), `${text} ${JSON.stringify(creds)}`).toBe(decided)
      }
    }
  })
})

describe('isAllowedForAnyTarget on the default rules', () => {
  const admin: Identity = basicIdentity('admin')
  const user: Identity = basicIdentity('foobar')
  const ksAdmin: Identity = keystoneIdentity('keystone-headers', 'u1', 'p1', ['admin'])
  const ksMember: Identity = keystoneIdentity('keystone-headers', 'u1', 'p1', ['member'])

  it('lets an admin through the metric rules without a target, not a plain user', () => {
    for (const rule of ['get metric', 'post measures', 'get measures', 'search metric'] as const) {
      expect(isAllowedForAnyTarget(admin, rule)).toBe(true)
      expect(isAllowedForAnyTarget(ksAdmin, rule)).toBe(true)
      expect(isAllowedForAnyTarget(user, rule)).toBe(false)
      expect(isAllowedForAnyTarget(ksMember, rule)).toBe(false)
    }
  })

  it('only says yes where authorization passes for unrelated and empty targets alike', () => {
    const targets = [{}, { creator: 'someone-else', created_by_project_id: 'p9', project_id: 'p9', resource: { project_id: 'p9' } }]
    for (const rule of Object.keys(DEFAULT_POLICY) as PolicyRuleName[]) {
      for (const identity of [admin, user, ksAdmin, ksMember]) {
        if (!isAllowedForAnyTarget(identity, rule)) continue
        for (const target of targets) expect(isAllowed(identity, rule, target), `${rule} ${identity.creator}`).toBe(true)
      }
    }
  })
})
