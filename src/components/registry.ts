import type { Registry } from '../core/component';
import { dataRoasterServer } from './dataroaster-server';
import { helmRelease } from './helm-release';
import { hiveMetastore } from './hive-metastore';
import { sparkApplication } from './spark-application';
import { sparkThriftServer } from './spark-thrift-server';
import { trinoCluster } from './trino';
import { trinoGateway } from './trino-gateway';

/**
 * Every built-in component: THE one list. The spec loader, the engine, delivery and the API take a registry;
 * kinds, output folders, endpoint names and metric labels are read from its definitions. Adding a component
 * means one folder under src/components/ and one line here.
 */
export const REGISTRY: Registry = [trinoCluster, hiveMetastore, sparkThriftServer, sparkApplication, helmRelease, dataRoasterServer, trinoGateway];
