export * from './component';
export * from './dataroaster-server';
export * from './names';
