import type { Logger } from 'pino';

import { gitComponentService } from '../../../api-server/components/git-component-service';
import type { ComponentService } from '../../../api-server/components/types';
import type { ProviderConfig, ReviewMode } from '../../../src/delivery';
import { createDelivery, Delivery } from '../../../src/delivery';
import { createSealedSecretsSealer } from '../../../src/secrets/sealed-secrets/sealer';
import { testConfig } from '../../delivery/support/delivery-fixtures';
import { bareRemote, git } from '../../delivery/support/git-fixtures';
import { HASH_KEY, testKeys } from '../../secrets/support';
import { TestApp, TestAppOptions } from './test-app';

export interface GitAppOptions extends Omit<TestAppOptions, 'components'> {
  /** @default a new bare repository in a temp dir */
  readonly remoteUrl?: string;
  readonly review?: ReviewMode;
  readonly provider?: ProviderConfig;
  /** @default DEFAULT_RESERVED_NAMESPACES */
  readonly reservedNamespaces?: readonly string[];
  /** @default 10000 */
  readonly networkTimeoutMs?: number;
}

/** The app on the real engine and delivery module, committing to a real bare remote, sealing with a test key pair. */
export interface GitApp {
  readonly t: TestApp;
  readonly remote: string;
  readonly delivery: Delivery;
  readonly service: ComponentService;
  /** Alice (user) and admin tokens, as headers. */
  readonly alice: { Authorization: string };
  readonly admin: { Authorization: string };
  /** Warnings the component service logged (message, fields). */
  readonly serviceWarnings: { msg: string; fields: object }[];
  /** `git <args>` in the remote. */
  git(args: string[]): string;
  close(): Promise<void>;
}

export async function startGitApp(options: GitAppOptions = {}): Promise<GitApp> {
  const { registry } = options;
  const remote = options.remoteUrl ?? bareRemote();
  let t: TestApp | undefined;
  const delivery = createDelivery({
    config: testConfig({
      remoteUrl: remote,
      review: options.review ?? 'direct',
      provider: options.provider,
      timeoutMs: 10000,
      networkTimeoutMs: options.networkTimeoutMs ?? 10000,
    }),
    secrets: { mode: 'seal', sealer: createSealedSecretsSealer({ certificatePem: testKeys().certificatePem, hashKey: HASH_KEY }) },
    events: { pushRetried: () => t?.metrics.pushRetries.inc() },
    version: '0.0.0-test',
    registry,
  });
  await delivery.start();
  const serviceWarnings: { msg: string; fields: object }[] = [];
  const log = { warn: (fields: object, msg: string) => serviceWarnings.push({ msg, fields }) } as unknown as Pick<Logger, 'warn'>;
  const service = gitComponentService({ delivery, remoteTimeoutMs: 3000, log, reservedNamespaces: options.reservedNamespaces, registry });
  t = new TestApp({ ...options, components: service });
  const tokens = await t.withUsers();
  const app = t;
  return {
    t: app,
    remote,
    delivery,
    service,
    serviceWarnings,
    alice: { Authorization: `Bearer ${tokens.user}` },
    admin: { Authorization: `Bearer ${tokens.admin}` },
    git: (args) => git(remote, args),
    async close() {
      await service.close();
      await app.close();
    },
  };
}
