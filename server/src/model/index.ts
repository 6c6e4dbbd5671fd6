/** The model layer's public surface. */
export * from './types';
export { loadConfig, resolveText, ConfigBuilder, envVarPath, parseEnvValue } from './load';
export type { LoadOptions, EnvVar } from './load';
export { toEmqxJson, compareKeys } from './json';
export { EffectiveConfigImpl } from './engine';
export { SourceAssignment, envAssignment } from './assignment';
