import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';

import { configHash } from '../common/config-hash';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../common/security-context';
import { gatewayNames, reconcilerJobName } from './names';
import { RECONCILER_SCRIPT } from './reconciler-script';
import type { TrinoGatewaySettings } from './schema';

/** A backend as the gateway's API takes it (ProxyBackendConfiguration, trino-gateway tag 20). */
export interface ResolvedBackend {
  readonly name: string;
  readonly proxyTo: string;
  readonly externalUrl: string;
  readonly routingGroup: string;
  readonly active: boolean;
}

export interface BackendReconcilerProps {
  readonly instance: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly backends: readonly ResolvedBackend[];
  /** The gateway's Service URL, e.g. `http://gw.analytics.svc:8080`. */
  readonly gatewayUrl: string;
  readonly settings: TrinoGatewaySettings['reconciler'];
  /** Basic-auth password of the `reconciler` preset user, when the gateway's authentication is on. */
  readonly password?: { readonly secretName: string; readonly key: string; readonly user: string };
}

/** The `node` user of the official Node.js images. */
const NODE_RUN_AS = { user: 1000, group: 1000 } as const;
const SCRIPT_DIR = '/reconciler';

/**
 * Backends in Git are the truth: a Job run once per backend list (its name carries the hash of the
 * list, so a changed list is a new Job and the GitOps agent prunes the old one) and a CronJob that
 * repairs drift made by hand in the gateway UI. Both run the same script against the gateway's API.
 */
export class BackendReconciler extends Construct {
  /** Name of the Job of the current backend list. */
  readonly jobName: string;

  constructor(scope: Construct, id: string, props: BackendReconcilerProps) {
    super(scope, id);
    const names = gatewayNames(props.instance);
    const labels = { ...props.labels, 'app.kubernetes.io/component': 'backend-reconciler' };
    const backendsJson = `${JSON.stringify(props.backends, null, 2)}\n`;
    const data = { 'reconcile.js': RECONCILER_SCRIPT, 'backends.json': backendsJson };
    new k8s.KubeConfigMap(this, 'config', { metadata: { name: names.reconciler, labels }, data });

    const podSpec = (restartPolicy: string): k8s.PodSpec => ({
      restartPolicy,
      automountServiceAccountToken: false,
      securityContext: restrictedPodSecurityContext(NODE_RUN_AS),
      containers: [
        {
          name: 'reconcile',
          image: props.settings.image,
          imagePullPolicy: props.settings.imagePullPolicy,
          command: ['node', `${SCRIPT_DIR}/reconcile.js`],
          env: [
            { name: 'GATEWAY_URL', value: props.gatewayUrl },
            { name: 'BACKENDS_FILE', value: `${SCRIPT_DIR}/backends.json` },
            ...(props.password
              ? [
                  { name: 'GATEWAY_USER', value: props.password.user },
                  { name: 'GATEWAY_PASSWORD', valueFrom: { secretKeyRef: { name: props.password.secretName, key: props.password.key } } },
                ]
              : []),
          ],
          resources: {
            requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') },
            limits: { cpu: k8s.Quantity.fromString('500m'), memory: k8s.Quantity.fromString('128Mi') },
          },
          securityContext: restrictedContainerSecurityContext(),
          volumeMounts: [{ name: 'reconciler', mountPath: SCRIPT_DIR, readOnly: true }],
        },
      ],
      volumes: [{ name: 'reconciler', configMap: { name: names.reconciler } }],
    });

    // Everything the run depends on: a Job's pod template is immutable, so any change must be a new Job.
    const hash = configHash(data, props.gatewayUrl, props.settings.image, props.password ?? null);
    this.jobName = reconcilerJobName(props.instance, hash);
    new k8s.KubeJob(this, 'job', {
      metadata: { name: this.jobName, labels },
      // The gateway may still be starting (database, migrations): the script waits up to 10 minutes, the Job retries after that.
      spec: { backoffLimit: 6, template: { metadata: { labels }, spec: podSpec('OnFailure') } },
    });
    new k8s.KubeCronJob(this, 'cronjob', {
      metadata: { name: names.reconciler, labels },
      spec: {
        schedule: props.settings.schedule,
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: { spec: { backoffLimit: 2, template: { metadata: { labels }, spec: podSpec('OnFailure') } } },
      },
    });
  }
}
