import { z } from 'zod';

import { quantity } from '../../src/schema/fields';

// Kubernetes refuses nothing it can cap, but no resource.Quantity may exceed 2^63-1
// (k8s.io/apimachinery/pkg/api/resource/quantity.go, type Quantity doc comment): a spec asking for
// `100000000000000000000000000000Gi` is a mistake, answered with the field, not passed to the cluster.
describe('quantity', () => {
  const parse = (value: unknown) => z.object({ memory: quantity }).safeParse({ memory: value });

  test.each(['500m', '2', '4Gi', '0.5', '7Ei'])('%s is a quantity', (value) => {
    expect(parse(value).success).toBe(true);
  });

  test.each(['100000000000000000000000000000Gi', '8Ei', '10000000000000000000', '1e29Gi', '4 Gi', '-1'])('%s is refused', (value) => {
    expect(parse(value).success).toBe(false);
  });

  test('the message says why a huge quantity is refused', () => {
    const result = parse('100000000000000000000000000000Gi');
    expect(result.error?.issues[0]).toMatchObject({ path: ['memory'], message: 'is larger than any Kubernetes quantity (2^63-1)' });
  });
});
