import { z } from 'zod';

import type { OwnKind } from '../../core/component';
import { SpecIssue } from '../../schema/errors';
import { API_VERSION, ownKind, passThroughObject, rfc1123Label } from '../../schema/fields';
import { credentialPaths, formatValuesPath } from './values';

/** A Helm chart repository: `https://…` (index.yaml) or `oci://registry/path`. */
export const repoUrl = z
  .string()
  .regex(
    /^(https?|oci):\/\/[^\s/]+(\/\S*)?$/,
    'must be a Helm repository URL like "https://charts.example.com" or "oci://registry.example.com/charts"',
  );

/**
 * An exact chart version. Ranges (`^1.2`, `~1`, `>=1`, `1.x`) would let the same spec install different
 * charts over time; synthesized output must mean one thing.
 */
export const exactVersion = z
  .string()
  .regex(
    /^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/,
    'must be an exact chart version like "1.2.3" (no ranges: the same spec must always install the same chart)',
  );

/** Helm release names are DNS labels of at most 53 characters (Helm adds suffixes to them). */
export const releaseName = z
  .string()
  .max(53, 'must be at most 53 characters (a Helm limit)')
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be lower-case letters, digits and "-"');

export const chartName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, 'must be a chart name');

const valuesFrom = z.strictObject({
  /** An existing Secret in the instance's namespace holding Helm values. */
  secretName: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a Secret name'),
  /** @default values.yaml */
  valuesKey: z
    .string()
    .regex(/^[-._a-zA-Z0-9]+$/, 'must be a Secret key')
    .default('values.yaml'),
  /** Put the value at this values path instead of merging a YAML document. */
  targetPath: z.string().min(1).optional(),
});

const helmReleaseSpec = z
  .strictObject({
    repo: repoUrl,
    chart: chartName,
    version: exactVersion,
    /** @default metadata.name */
    releaseName: releaseName.optional(),
    /** Namespace the chart's objects go to. @default metadata.namespace */
    targetNamespace: rfc1123Label.optional(),
    values: passThroughObject.default({}),
    valuesFrom: z.array(valuesFrom).default([]),
    /** Which GitOps agent installs the chart. @default the platform's setting (`--gitops`), else flux */
    flavour: z.enum(['flux', 'argocd']).optional(),
    /**
     * Pod Security Standard the namespace enforces for this chart's pods: a generic chart is not built by
     * DataRoaster, so it says what it needs. @default restricted
     */
    podSecurity: z.enum(['restricted', 'baseline', 'privileged']).default('restricted'),
    /** How often Flux reconciles the release. @default 10m */
    interval: z
      .string()
      .regex(/^([0-9]+(ms|s|m|h))+$/, 'must be a duration like "10m" or "1h"')
      .default('10m'),
    argocd: z
      .strictObject({
        /** Namespace of Argo CD's Applications. @default argocd */
        namespace: rfc1123Label.default('argocd'),
        /** @default default */
        project: z.string().min(1).default('default'),
      })
      .prefault({}),
  })
  .superRefine((spec, ctx) => {
    if (spec.flavour === 'argocd')
      argoProblems(spec).forEach((i) => ctx.addIssue({ code: 'custom', path: [i.path.replace(/^spec\./, '')], message: i.message }));
  });

export const helmReleaseSchema = ownKind('HelmRelease', helmReleaseSpec);
export type HelmRelease = z.infer<typeof helmReleaseSchema>;
export type HelmReleaseSpec = HelmRelease['spec'];

/**
 * Why a release cannot be written for Argo CD: Argo CD renders charts from an Application and cannot
 * read Helm values from a Secret, so credentials would have to sit in Git in plaintext.
 */
export function argoProblems(spec: HelmReleaseSpec): SpecIssue[] {
  const issues: SpecIssue[] = credentialPaths(spec.values).map((path) => ({
    path: `spec.${formatValuesPath(['values', ...path])}`,
    message:
      'looks like a credential, and Argo CD cannot read Helm values from a Secret: use flavour flux, or put it in a Secret of your own and point the chart at it (e.g. its existingSecret value)',
  }));
  if (spec.valuesFrom.length) issues.push({ path: 'spec.valuesFrom', message: 'Argo CD cannot read Helm values from Secrets: use flavour flux' });
  return issues;
}

export const HELM_RELEASE_OWN_KIND: OwnKind<HelmRelease> = {
  apiVersion: API_VERSION,
  kind: 'HelmRelease',
  schema: helmReleaseSchema,
};
