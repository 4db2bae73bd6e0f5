export * from './component';
export * from './discovery';
export * from './hive-metastore';
export * from './names';
