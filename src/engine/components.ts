import { helmReleaseComponent } from '../components/helm-release/component';
import { sparkApplicationComponent } from '../components/spark-application/component';
import { trinoComponent } from '../components/trino/component';
import type { Component } from './component';

/** Every built-in component, by own kind. Adding a component means adding it here. */
export const COMPONENTS: readonly Component<any>[] = [
  trinoComponent,
  sparkApplicationComponent,
  helmReleaseComponent,
];
