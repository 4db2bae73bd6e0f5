import { createDelivery, Delivery, DeliveryOptions } from '../../../src/delivery';
import type { DeliveryConfig } from '../../../src/delivery/config';
import { echo } from '../../support/echo';
import { tempDir } from './git-fixtures';

export function testConfig(overrides: Partial<DeliveryConfig> = {}): DeliveryConfig {
  return {
    dataDir: tempDir('data-'),
    branch: 'main',
    committer: { name: 'DataRoaster', email: 'dataroaster@example.test' },
    authorDomain: 'example.test',
    review: 'direct',
    timeoutMs: 20000,
    pushAttempts: 10,
    // a URL agents accept, so the bootstrap is written (a local path leaves it out: see bootstrap.test.ts)
    clusterRepoUrl: 'https://git.example.test/team/gitops.git',
    pollMs: 0,
    ...overrides,
  };
}

/** A started delivery with the tiny Echo component; closed after the test file. */
const open: Delivery[] = [];
export async function startDelivery(config: Partial<DeliveryConfig> = {}, options: Partial<DeliveryOptions> = {}): Promise<Delivery> {
  const delivery = createDelivery({ config: testConfig(config), registry: [echo], version: '0.0.0-test', ...options });
  await delivery.start();
  open.push(delivery);
  return delivery;
}
afterAll(async () => {
  for (const delivery of open.splice(0)) await delivery.close();
});

let counter = 0;
export function request(user = 'alice', review?: boolean) {
  counter += 1;
  return { user, requestId: `req-${counter}`, ...(review === undefined ? {} : { review }) };
}
