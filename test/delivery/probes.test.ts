import { renameSync } from 'node:fs';

import { echoSpec } from '../support/echo';
import { request, startDelivery } from './support/delivery-fixtures';
import { bareRemote, git, handClone } from './support/git-fixtures';

describe('delivery: readiness probe and events', () => {
  test('checkRemote resolves while the remote answers and throws a GitRemoteError once it is gone', async () => {
    // Given a started delivery on a bare remote
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote });
    await expect(delivery.checkRemote(5000)).resolves.toBeUndefined();
    // When the remote disappears
    renameSync(remote, `${remote}.moved`);
    // Then the probe fails with the remote's words, and works again once it is back
    await expect(delivery.checkRemote(5000)).rejects.toMatchObject({
      name: 'GitRemoteError',
      message: expect.stringMatching(/^the remote is unreachable: /),
    });
    renameSync(`${remote}.moved`, remote);
    await expect(delivery.checkRemote(5000)).resolves.toBeUndefined();
  });

  test('pushRetried is called once for each push refused as non-fast-forward', async () => {
    // Given a delivery whose clone is in sync, and another writer that moves the branch behind its back
    const remote = bareRemote();
    let retries = 0;
    const delivery = await startDelivery({ remoteUrl: remote }, { events: { pushRetried: () => (retries += 1) } });
    await delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    const hand = handClone(remote);
    git(hand, ['commit', '-q', '--allow-empty', '-m', 'someone else']);
    git(hand, ['push', '-q', 'origin', 'main']);
    // When the next change is pushed
    const result = await delivery.apply({ spec: echoSpec('b', { text: 'x' }), ...request() });
    // Then it was redone on the new tip after one refused push
    expect(result.status).toBe('committed');
    expect(retries).toBe(1);
    expect(git(remote, ['log', '-1', '--format=%P', 'main']).trim()).toBe(git(hand, ['rev-parse', 'HEAD']).trim());
  });
});
