import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

import { isSecretLooking, isSecretReference, PropertyValue } from './properties-schema';

/**
 * Collects credentials found in properties into one Secret, so no ConfigMap holds them: each becomes
 * an env var from `secretKeyRef` and the file says `${ENV:VAR}`, which Trino resolves at start.
 */
export class CredentialStore {
  /** Secret `stringData`: key → value. Empty when no property held a credential. */
  readonly data: Record<string, string> = {};

  constructor(readonly secretName: string) {}

  /**
   * Properties as they may be written to a ConfigMap, plus the env vars they need.
   * @param scope `keyPrefix` names the Secret keys (`hive.` → `hive.hive.s3.aws-secret-key`),
   *   `envPrefix` the env vars (`CATALOG_HIVE_` → `CATALOG_HIVE_HIVE_S3_AWS_SECRET_KEY`).
   */
  hide(
    properties: Readonly<Record<string, PropertyValue>>,
    scope: { keyPrefix: string; envPrefix: string },
  ): { properties: Record<string, string>; env: k8s.EnvVar[] } {
    const out: Record<string, string> = {};
    const env: k8s.EnvVar[] = [];
    const owners = new Map<string, string>();
    for (const [name, value] of Object.entries(properties)) {
      const plain = typeof value === 'string';
      if (plain && (!isSecretLooking(name) || isSecretReference(value))) {
        out[name] = value;
        continue;
      }
      const variable = envName(`${scope.envPrefix}${name}`);
      const clash = owners.get(variable);
      if (clash !== undefined) throw new Error(`properties "${clash}" and "${name}" would share the env var ${variable}: rename one`);
      owners.set(variable, name);
      let secretKeyRef: k8s.SecretKeySelector;
      if (plain) {
        const key = `${scope.keyPrefix}${name}`;
        this.data[key] = value;
        secretKeyRef = { name: this.secretName, key };
      } else {
        secretKeyRef = { name: value.secretKeyRef.name, key: value.secretKeyRef.key };
      }
      env.push({ name: variable, valueFrom: { secretKeyRef } });
      out[name] = `\${ENV:${variable}}`;
    }
    return { properties: out, env };
  }
}

/** `hive.s3.aws-secret-key` → `HIVE_S3_AWS_SECRET_KEY`: a valid, portable env var name. */
export function envName(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}
