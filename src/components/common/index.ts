// Helpers every component construct shares. One concept per file; this file only re-exports.
export * from './config-hash';
export * from './disruption-budget';
export * from './image';
export * from './jvm';
export * from './labels';
export * from './placement';
export * from './properties';
export * from './resources';
export * from './s3-credentials';
export * from './s3a';
export * from './security-context';
export * from './writable-dirs';
