/**
 * InfluxDB line-protocol ingestion: parse + map a 10 000-line body (telegraf-like lines, 4–10
 * fields, tags, timestamps), and a Prometheus remote-write decode for comparison.
 * Run: `node --import tsx bench/influx-parse.bench.ts`.
 */
import { compress } from 'snappyjs'
import { influxWriteToMeasures, parseLineProtocol } from '../src/http/formats/index.js'
import { WRITE_REQUEST, decodeRemoteWrite, prometheusToMeasures } from '../src/http/formats/index.js'

const LINES = 10_000
const ROUNDS = 20
const t0ns = 1_510_150_170_000_000_000n

function line(i: number): string {
  const ts = t0ns + BigInt(i) * 10_000_000_000n
  const host = `host${i % 50}`
  switch (i % 3) {
    case 0:
      return `cpu,cpu=cpu${i % 4},host=${host} usage_system=11.1,usage_idle=73.2,usage_nice=0,usage_irq=0,usage_user=15.7,usage_softirq=0,usage_steal=0,usage_guest=0,usage_guest_nice=0,usage_iowait=0 ${ts}`
    case 1:
      return `disk,path=/var/lib,device=sda1,fstype=ext4,host=${host} total=250140434432i,free=28950695936i,used=216213557248i,used_percent=88.19130621205531 ${ts}`
    default:
      return `system,host=${host},region=eu\\ west load1=2.18,load5=3.02,load15=3.31,n_users=1i,n_cpus=4i,uptime_format="3 days, 21:42" ${ts}`
  }
}

const text = Array.from({ length: LINES }, (_, i) => line(i)).join('\n')
const bytes = new TextEncoder().encode(text)

function time(label: string, unitsPerRound: number, unit: string, fn: () => void): void {
  for (let i = 0; i < 3; i++) fn()
  const start = process.hrtime.bigint()
  for (let i = 0; i < ROUNDS; i++) fn()
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / ROUNDS
  console.log(`${label.padEnd(40)} ${ms.toFixed(2)} ms/body  ${((unitsPerRound / ms) * 1000).toFixed(0)} ${unit}/s`)
}

let measures = 0
for (const metrics of influxWriteToMeasures(bytes, { resourceIdTag: 'host', nowUs: 0 }).values()) {
  for (const cols of metrics.values()) measures += cols.values.length
}
console.log(`body: ${LINES} lines, ${(bytes.length / 1024).toFixed(0)} KiB, ${measures} measures`)
time('parse (string body)', LINES, 'lines', () => parseLineProtocol(text))
time('parse (bytes body, UTF-8 decode)', LINES, 'lines', () => parseLineProtocol(bytes))
time('parse + map to measures (lines/s)', LINES, 'lines', () => influxWriteToMeasures(bytes, { resourceIdTag: 'host', nowUs: 0 }))
time('parse + map to measures (measures/s)', measures, 'measures', () => influxWriteToMeasures(bytes, { resourceIdTag: 'host', nowUs: 0 }))

// Prometheus: 1 000 series × 10 samples.
const remote = compress(
  WRITE_REQUEST.encode(
    WRITE_REQUEST.fromObject({
      timeseries: Array.from({ length: 1000 }, (_, i) => ({
        labels: [
          { name: '__name__', value: `metric_${i % 100}` },
          { name: 'job', value: 'node' },
          { name: 'instance', value: `host${i % 10}:9100` },
        ],
        samples: Array.from({ length: 10 }, (_, k) => ({ value: k * 1.5, timestamp_ms: 1_700_000_000_000 + k * 15_000 })),
      })),
    }),
  ).finish(),
)
console.log(`remote write: 1000 series x 10 samples, ${(remote.length / 1024).toFixed(0)} KiB compressed`)
time('prometheus decode + map (samples/s)', 10_000, 'samples', () => prometheusToMeasures(decodeRemoteWrite(remote)))
