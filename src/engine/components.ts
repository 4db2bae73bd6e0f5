import { helmReleaseComponent } from '../components/helm-release/component';
import { dataRoasterServerComponent } from '../components/dataroaster-server/component';
import { hiveMetastoreComponent } from '../components/hive-metastore/component';
import { sparkApplicationComponent } from '../components/spark-application/component';
import { sparkThriftServerComponent } from '../components/spark-thrift-server/component';
import { trinoComponent } from '../components/trino/component';
import { trinoGatewayComponent } from '../components/trino-gateway';
import type { Component } from './component';

/** Every built-in component, by own kind. Adding a component means adding it here. */
export const COMPONENTS: readonly Component<any>[] = [
  trinoComponent,
  hiveMetastoreComponent,
  sparkThriftServerComponent,
  sparkApplicationComponent,
  helmReleaseComponent,
  dataRoasterServerComponent,
  trinoGatewayComponent,
];
