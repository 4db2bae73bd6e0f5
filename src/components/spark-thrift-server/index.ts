export * from './component';
export * from './names';
export * from './rbac';
export * from './spark-thrift-server';
