/**
 * Push formats Gnocchi accepts besides JSON: InfluxDB line protocol and Prometheus remote write.
 * Pure functions from request bytes to measures grouped by original resource id and metric
 * name; the routes do ids, resources, metrics and policy.
 */
export * from './measure-groups.js'
export * from './influx-line-protocol.js'
export * from './influx-measures.js'
export * from './influx-query.js'
export * from './prometheus-remote-write.js'
export * from './prometheus-measures.js'
