export * from './layout';
export * from './platform-instance';
export * from './platform-files';
export { argoCdFiles } from './bootstrap/argocd';
export { fluxFiles } from './bootstrap/flux';
export type { BootstrapOptions } from './bootstrap/options';
export { gitopsReadme } from './readme';
export { namespacesTier, SYSTEM_NAMESPACE } from './sentinel';
export * from './repository-files';
