import { describe, expect, it } from 'vitest'
import { HistogramFamily } from '../../../src/http/monitoring/histogram-family.js'

describe('HistogramFamily', () => {
  it('renders cumulative buckets (a bound counts values equal to it), +Inf, sum and count', () => {
    const family = new HistogramFamily('x_seconds', 'Help.', ['op'], [0.1, 1])
    const series = family.series({ op: 'read' })
    for (const v of [0.05, 0.1, 0.5, 2]) series.observe(v)
    expect(family.series({ op: 'read' })).toBe(series)
    expect(family.render()).toBe(
      [
        '# HELP x_seconds Help.',
        '# TYPE x_seconds histogram',
        'x_seconds_bucket{op="read",le="0.1"} 2',
        'x_seconds_bucket{op="read",le="1"} 3',
        'x_seconds_bucket{op="read",le="+Inf"} 4',
        'x_seconds_sum{op="read"} 2.65',
        'x_seconds_count{op="read"} 4',
        '',
      ].join('\n'),
    )
  })

  it('renders the observation counts as a counter family', () => {
    const family = new HistogramFamily('d_seconds', 'D.', ['method', 'status'], [1])
    family.series({ method: 'GET', status: 200 }).observe(0.5)
    family.series({ method: 'GET', status: 200 }).observe(0.5)
    family.series({ method: 'POST', status: 202 }).observe(0.5)
    expect(family.renderCounts('d_total', 'Requests.')).toBe(
      '# HELP d_total Requests.\n# TYPE d_total counter\nd_total{method="GET",status="200"} 2\nd_total{method="POST",status="202"} 1\n',
    )
  })

  it('escapes label values and help text', () => {
    const family = new HistogramFamily('e', 'a\\b\nc', ['v'], [1])
    family.series({ v: 'q"\\\n' }).observe(1)
    const text = family.render()
    expect(text.split('\n')[0]).toBe('# HELP e a\\\\b\\nc')
    expect(text).toContain('e_count{v="q\\"\\\\\\n"} 1')
  })

  it('renders a family without labels and refuses bounds that do not increase', () => {
    const family = new HistogramFamily('n', 'N.', [], [1])
    family.series({}).observe(3)
    expect(family.render()).toContain('n_bucket{le="+Inf"} 1\nn_sum 3\nn_count 1\n')
    expect(() => new HistogramFamily('bad', 'B.', [], [1, 1])).toThrow('bucket bounds must increase')
  })
})
