import { describe, expect, it } from 'vitest'
import type { ArchivePolicy } from '../../../src/model/archive-policy.js'
import type { Metric } from '../../../src/model/metric.js'
import { pyJsonStringify } from '../../../src/model/python-json.js'
import type { ResourceRevision } from '../../../src/model/resource.js'
import { renderMetric } from '../../../src/http/render/metric.js'
import { creatorParts, renderResource } from '../../../src/http/render/resource.js'

const metric: Metric = { id: 'aeb2beaf-0ed1-4084-80d2-f4704218b621', archivePolicyName: 'low', creator: 'u:p', name: 'cpu', unit: null, resourceId: null }
const policy: ArchivePolicy = { name: 'low', backWindow: 0, definition: [{ granularityUs: 300_000_000, points: 12, timespanUs: 3_600_000_000 }], aggregationMethods: ['mean'] }
const resource: ResourceRevision = {
  id: '1348bf35-3cbd-5376-a16d-c4e5eb0f8ea7',
  type: 'host',
  originalResourceId: 'r1',
  creator: 'foobar',
  userId: null,
  projectId: 'p1',
  startedAtUs: 1_388_714_522_000_000,
  endedAtUs: null,
  revisionStartUs: 1_388_714_522_500_000,
  revisionEndUs: null,
  revision: 0,
  attributes: { cores: 8, born: 0 },
}

describe('metric and resource renderers (gnocchi-rest.md §2.3–§2.4)', () => {
  it.each([
    [null, { userId: null, projectId: null }],
    ['foobar', { userId: 'foobar', projectId: '' }],
    ['u:p:q', { userId: 'u', projectId: 'p:q' }],
  ])('splits creator %s at the first colon', (creator, expected) => {
    expect(creatorParts(creator)).toEqual(expected)
  })

  it('creation form: archive_policy_name and resource_id', () => {
    expect(renderMetric(metric)).toEqual({
      id: metric.id, creator: 'u:p', name: 'cpu', unit: null, created_by_user_id: 'u', created_by_project_id: 'p',
      archive_policy_name: 'low', resource_id: null,
    })
  })

  it('detailed form: archive_policy object and embedded resource without metrics', () => {
    const json = renderMetric({ ...metric, resourceId: resource.id }, { archivePolicy: policy, resource })
    expect(json.archive_policy).toEqual({ name: 'low', back_window: 0, definition: [{ timespan: '1:00:00', granularity: '0:05:00', points: 12 }], aggregation_methods: ['mean'] })
    expect(json).not.toHaveProperty('archive_policy_name')
    expect(json).not.toHaveProperty('resource_id')
    expect(json.resource).toMatchObject({ id: resource.id, started_at: '2014-01-03T02:02:02+00:00', revision_start: '2014-01-03T02:02:02.500000+00:00' })
    expect(Object.keys(json.resource ?? {})).toHaveLength(12)
    expect(renderMetric(metric, { resource: null }).resource).toBeNull()
  })

  it('renders type attributes as floats and ISO datetimes, base form without them', () => {
    const type = { name: 'host', state: 'active' as const, attributes: { cores: { type: 'number' as const, required: false }, born: { type: 'datetime' as const, required: false }, gone: { type: 'string' as const, required: false } } }
    const text = pyJsonStringify(renderResource(resource, [metric], type)) ?? ''
    expect(text).toContain('"cores": 8.0, "born": "1970-01-01T00:00:00+00:00", "gone": null, "metrics": {"cpu": "aeb2beaf-0ed1-4084-80d2-f4704218b621"}')
    expect(Object.keys(renderResource(resource, [], null))).toHaveLength(13)
  })
})
