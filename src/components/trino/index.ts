export * from './component';
export * from './names';
export * from './trino-cluster';
