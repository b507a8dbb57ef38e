/**
 * Prometheus remote-write bodies (gnocchi-rest.md §3.13): snappy *block* compression (not the
 * framed format) around a protobuf `WriteRequest`. Decoding only; the mapping to resources and
 * metrics is in prometheus-measures.ts.
 */
import protobuf from 'protobufjs'
import { uncompress } from 'snappyjs'
import { GnocchiError } from '../../model/errors.js'

/** One label of a series. */
export interface PrometheusLabel {
  readonly name: string
  readonly value: string
}

/** One sample of a series. */
export interface PrometheusSample {
  readonly value: number
  /** Milliseconds since the epoch (int64 on the wire; exact up to 2^53). */
  readonly timestampMs: number
}

/** One `TimeSeries` of the request, labels and samples in wire order. */
export interface PrometheusSeries {
  readonly labels: readonly PrometheusLabel[]
  readonly samples: readonly PrometheusSample[]
}

/** Options of {@link decodeRemoteWrite}. */
export interface DecodeRemoteWriteOptions {
  /**
   * Largest accepted decompressed size, in bytes (checked against the snappy header before
   * allocating). Default 64 MiB.
   */
  readonly maxDecodedBytes?: number
}

/** Default of {@link DecodeRemoteWriteOptions.maxDecodedBytes}. */
export const DEFAULT_MAX_DECODED_BYTES = 64 * 1024 * 1024

/**
 * The messages of Prometheus' `remote.proto` that Gnocchi reads (gnocchi/rest/prometheus/
 * remote.proto), declared in code so nothing is generated or fetched at run time.
 */
const REMOTE_PROTO = protobuf.Root.fromJSON({
  nested: {
    remote: {
      nested: {
        Sample: { fields: { value: { type: 'double', id: 1 }, timestamp_ms: { type: 'int64', id: 2 } } },
        LabelPair: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        TimeSeries: {
          fields: {
            labels: { rule: 'repeated', type: 'LabelPair', id: 1 },
            samples: { rule: 'repeated', type: 'Sample', id: 2 },
          },
        },
        WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
      },
    },
  },
})

/** The `WriteRequest` message type (exported for tests and tools that build bodies). */
export const WRITE_REQUEST: protobuf.Type = REMOTE_PROTO.lookupType('remote.WriteRequest')

/** The 400 for an undecodable body. */
export function undecodableRemoteWrite(why: string): GnocchiError {
  return new GnocchiError('INVALID_INPUT', `Unable to decode Prometheus remote write body: ${why}`)
}

/**
 * Decodes a remote-write body.
 * gnocchi-compat: Gnocchi answers 500 for a body that is not snappy or not protobuf; we answer
 * 400 with the reason, see gnocchi/rest/api.py PrometheusWriteController.post.
 * @returns the series, in wire order.
 * @throws GnocchiError 400 `Unable to decode Prometheus remote write body: <why>`.
 */
export function decodeRemoteWrite(body: Uint8Array, options: DecodeRemoteWriteOptions = {}): PrometheusSeries[] {
  const max = options.maxDecodedBytes ?? DEFAULT_MAX_DECODED_BYTES
  if (body.length === 0) throw undecodableRemoteWrite('empty body')
  let raw: Uint8Array
  try {
    raw = uncompress(body, max)
  } catch (e) {
    throw undecodableRemoteWrite(`invalid snappy block (${reason(e)})`)
  }
  let object: Record<string, unknown>
  try {
    const message = WRITE_REQUEST.decode(raw)
    // Strings for int64 keep the value exact whether or not protobufjs has `long` loaded.
    object = WRITE_REQUEST.toObject(message, { longs: String, arrays: true, defaults: true }) as Record<string, unknown>
  } catch (e) {
    throw undecodableRemoteWrite(`invalid protobuf WriteRequest (${reason(e)})`)
  }
  return list(object.timeseries).map(toSeries)
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/** `toObject` output is untyped; these narrow it without trusting its shape. */
function list(v: unknown): unknown[] {
  return Array.isArray(v) ? (v as unknown[]) : []
}

function field(o: unknown, key: string): unknown {
  return typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[key] : undefined
}

function toSeries(ts: unknown): PrometheusSeries {
  return {
    labels: list(field(ts, 'labels')).map((l) => ({ name: String(field(l, 'name') ?? ''), value: String(field(l, 'value') ?? '') })),
    samples: list(field(ts, 'samples')).map((s) => ({
      value: Number(field(s, 'value') ?? 0),
      timestampMs: Number(field(s, 'timestamp_ms') ?? 0),
    })),
  }
}
