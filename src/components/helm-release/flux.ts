import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import type { Construct } from 'constructs';

import {
  HelmRelease,
  HelmReleaseSpecChartSpecSourceRefKind,
  HelmReleaseSpecDriftDetectionMode,
  HelmReleaseSpecInstallCrds,
  HelmReleaseSpecUpgradeCrds,
  HelmReleaseSpecValuesFrom,
  HelmReleaseSpecValuesFromKind,
} from '../../../imports/flux-helmrelease-helm.toolkit.fluxcd.io';
import { HelmRepository, HelmRepositorySpecType } from '../../../imports/flux-helmrepository-source.toolkit.fluxcd.io';
import { toYaml } from '../../core/render';
import type { HelmReleaseSpec } from './schema';
import type { SplitValues } from './values';

export interface FluxReleaseProps {
  readonly name: string;
  readonly namespace: string;
  readonly spec: HelmReleaseSpec;
  /** Values with credentials split out (they go into `valuesSecret`). */
  readonly values: SplitValues;
  readonly valuesSecret: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Key of the values Secret holding the credential values, as a YAML values document. */
export const VALUES_KEY = 'values.yaml';

/** How often the chart index is fetched: versions are pinned, so a new index only matters for a spec change. */
const REPOSITORY_INTERVAL = '1h';
const REMEDIATION_RETRIES = 3;

/**
 * A Flux HelmRepository and HelmRelease. Credential-looking values go into a Secret read with
 * `valuesFrom` (the engine seals it); CRDs are created and replaced on upgrade too, since Helm itself
 * never upgrades a chart's `crds/`; drift from the chart is corrected.
 */
export function fluxRelease(scope: Construct, props: FluxReleaseProps): void {
  const { spec, name, labels } = props;
  const target = spec.targetNamespace ?? props.namespace;
  const valuesFrom: HelmReleaseSpecValuesFrom[] = [];
  if (Object.keys(props.values.secret).length) {
    new k8s.KubeSecret(scope, 'values', {
      metadata: { name: props.valuesSecret, labels: { ...labels } },
      type: 'Opaque',
      stringData: { [VALUES_KEY]: toYaml(props.values.secret) },
    });
    valuesFrom.push({ kind: HelmReleaseSpecValuesFromKind.SECRET, name: props.valuesSecret, valuesKey: VALUES_KEY });
  }
  for (const from of spec.valuesFrom) {
    valuesFrom.push({ kind: HelmReleaseSpecValuesFromKind.SECRET, name: from.secretName, valuesKey: from.valuesKey, targetPath: from.targetPath });
  }

  new HelmRepository(scope, 'repository', {
    metadata: { name, labels: { ...labels } },
    spec: {
      url: spec.repo,
      interval: REPOSITORY_INTERVAL,
      ...(spec.repo.startsWith('oci://') ? { type: HelmRepositorySpecType.OCI } : {}),
    },
  });
  new HelmRelease(scope, 'release', {
    metadata: { name, labels: { ...labels } },
    spec: {
      interval: spec.interval,
      releaseName: spec.releaseName ?? name,
      ...(target === props.namespace ? {} : { targetNamespace: target }),
      chart: {
        spec: {
          chart: spec.chart,
          version: spec.version,
          sourceRef: { kind: HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY, name },
        },
      },
      install: {
        crds: HelmReleaseSpecInstallCrds.CREATE_REPLACE,
        // Another namespace than the instance's is not written by DataRoaster, so Helm creates it.
        ...(target === props.namespace ? {} : { createNamespace: true }),
        remediation: { retries: REMEDIATION_RETRIES },
      },
      upgrade: {
        crds: HelmReleaseSpecUpgradeCrds.CREATE_REPLACE,
        cleanupOnFail: true,
        remediation: { retries: REMEDIATION_RETRIES, remediateLastFailure: true },
      },
      driftDetection: { mode: HelmReleaseSpecDriftDetectionMode.ENABLED },
      ...(Object.keys(props.values.inline).length ? { values: props.values.inline } : {}),
      ...(valuesFrom.length ? { valuesFrom } : {}),
    },
  });
}
