/**
 * Archive policies and rules: body validation, normalisation, defaults, rule matching, rendering.
 */
export * from './aggregation-methods.js'
export * from './defaults.js'
export * from './definition.js'
export * from '../fnmatch.js'
export * from './policy.js'
export * from './render.js'
export * from './rules.js'
export { formatPath, type BodyPath } from './voluptuous-path.js'
