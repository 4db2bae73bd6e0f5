import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

import type { AppIdentity } from '../common/labels';
import type { MetastoreNames } from './names';

/** What the metastore server and the schema Job share: the Hive image, its configuration and environment. */
export interface HiveRuntime {
  readonly names: MetastoreNames;
  /** Application and instance; each object adds its component. */
  readonly identity: Omit<AppIdentity, 'component' | 'version'>;
  /** `app.kubernetes.io/version`: the image tag. */
  readonly version?: string;
  readonly image: string;
  readonly imagePullPolicy: string;
  /** Configuration directories, the database password and the S3 keys (both from Secrets). */
  readonly env: readonly k8s.EnvVar[];
  readonly configVolumes: readonly k8s.Volume[];
  readonly configMounts: readonly k8s.VolumeMount[];
  /** The init container fetching jars the image lacks, if any (it writes to one of `configVolumes`). */
  readonly initContainers: readonly k8s.Container[];
  /** Major version of Hive in the image (from its tag): schematool's commands differ. */
  readonly hiveMajor: number;
}
