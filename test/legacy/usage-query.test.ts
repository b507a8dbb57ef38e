import { describe, expect, it } from 'vitest'
import { LegacyError } from '../../src/legacy/legacy-error.js'
import { DEFAULT_USAGE_ITEMS } from '../../src/legacy/usage-items.js'
import { parseUsageQuery, pyUnicodeRepr } from '../../src/legacy/usage-query.js'

const NOW = 1_700_000_000
const parse = (q: Record<string, string | string[]>): unknown => parseUsageQuery(q, DEFAULT_USAGE_ITEMS, NOW)
const errorOf = (q: Record<string, string | string[]>): unknown => {
  try {
    parse(q)
  } catch (e) {
    if (e instanceof LegacyError) return [e.status, e.body]
    throw e
  }
  return 'no error'
}
const ITEMS = "GET parameter 'item' have to be from list: [u'cpu', u'memory', u'storage']"

describe('usage query validation', () => {
  it.each<[string, Record<string, string | string[]>, unknown]>([
    ['bad aggregate (bare string)', { aggregate: 'cloud', item: 'nope' }, 'Get parameter "aggregate" can take only this values: customer, project, project_group'],
    ['missing item', {}, { item: ['This field may not be null.'] }],
    ['blank item', { item: ' ' }, { item: ['This field may not be blank.'] }],
    ['unknown item', { item: 'cpu_util' }, { item: [ITEMS] }],
    ['from not an integer', { item: 'cpu', from: '12.5' }, { start_timestamp: ['A valid integer is required.'] }],
    ['empty from', { item: 'cpu', from: '' }, { start_timestamp: ['A valid integer is required.'] }],
    ['to exponent', { item: 'cpu', to: '1e9' }, { end_timestamp: ['A valid integer is required.'] }],
    ['negative from', { item: 'cpu', from: '-1', to: '10' }, { start_timestamp: ['Ensure this value is greater than or equal to 0.'] }],
    ['too large to', { item: 'cpu', to: '99999999999' }, { end_timestamp: ['Ensure this value is less than or equal to 9007199254.'] }],
    ['datapoints 0', { item: 'cpu', datapoints: '0' }, { segments_count: ['Ensure this value is greater than or equal to 1.'] }],
    ['datapoints too many', { item: 'cpu', datapoints: '10001' }, { segments_count: ['Ensure this value is less than or equal to 10000.'] }],
    ['over-long string', { item: 'cpu', datapoints: '1'.repeat(1001) }, { segments_count: ['String value too large.'] }],
    [
      'several fields together',
      { from: 'x', to: '-5', datapoints: 'y' },
      {
        item: ['This field may not be null.'],
        start_timestamp: ['A valid integer is required.'],
        end_timestamp: ['Ensure this value is greater than or equal to 0.'],
        segments_count: ['A valid integer is required.'],
      },
    ],
    ['from >= to', { item: 'cpu', from: '100', to: '100' }, { non_field_errors: ['Interval value `from` has to be less then `to`'] }],
    ['from after the default to', { item: 'cpu', from: String(NOW + 1) }, { non_field_errors: ['Interval value `from` has to be less then `to`'] }],
  ])('%s', (_name, query, body) => {
    expect(errorOf(query)).toEqual([400, body])
  })

  it.each<[Record<string, string | string[]>, object]>([
    [{ item: 'cpu' }, { aggregate: 'customer', fromS: NOW - 3600, toS: NOW, datapoints: 6, item: 'cpu', uuids: null }],
    [{ item: ' memory ', from: '10.0', to: ' 20 ', datapoints: '+3', aggregate: 'project_group' }, { aggregate: 'project_group', fromS: 10, toS: 20, datapoints: 3, item: 'memory' }],
    [{ item: ['cpu', 'storage'], from: ['1', '5'], to: '9' }, { item: 'storage', fromS: 5 }],
  ])('accepts %j', (query, expected) => {
    expect(parse(query)).toMatchObject(expected)
  })

  it('keeps repeated uuids, compared without dashes', () => {
    const q = parseUsageQuery({ item: 'cpu', uuid: ['AAAAAAAA-bbbb-cccc-dddd-eeeeeeeeeeee', 'x'] }, DEFAULT_USAGE_ITEMS, NOW)
    expect([...(q.uuids ?? [])]).toEqual(['aaaaaaaabbbbccccddddeeeeeeeeeeee', 'x'])
  })

  it.each([
    ['cpu', "u'cpu'"],
    ["it's", `u"it's"`],
    ['a\\b', "u'a\\\\b'"],
    ['é', "u'\\u00e9'"],
  ])('python 2 repr of %j', (s, r) => expect(pyUnicodeRepr(s)).toBe(r))
})
