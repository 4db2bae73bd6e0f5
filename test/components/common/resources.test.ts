import { resourceRequirements } from '../../../src/components/common/resources';
import { parseQuantity, resolveJvmResources, resourceProblems } from '../../../src/core/quantity';

const defaults = { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } };

describe('parseQuantity', () => {
  test.each([
    ['500m', 0.5],
    ['2', 2],
    ['1.5', 1.5],
    ['4Gi', 4 * 2 ** 30],
    ['10G', 1e10],
    ['512Mi', 512 * 2 ** 20],
  ])('%s is %d', (quantity, value) => expect(parseQuantity(quantity)).toBe(value));

  test('rejects what is not a quantity', () => expect(() => parseQuantity('4 GB')).toThrow('not a Kubernetes quantity: "4 GB"'));
});

describe('resolveJvmResources', () => {
  test('takes the defaults when nothing is given', () => expect(resolveJvmResources(undefined, defaults)).toEqual(defaults));

  test('sets the memory request to the limit, and the CPU limit to at least the request', () => {
    expect(resolveJvmResources({ requests: { cpu: '4' }, limits: { memory: '16Gi' } }, defaults)).toEqual({
      requests: { cpu: '4', memory: '16Gi' },
      limits: { cpu: '4', memory: '16Gi' },
    });
  });

  test('a memory request alone becomes the limit too; a CPU limit alone becomes the request too', () => {
    expect(resolveJvmResources({ requests: { memory: '8Gi' }, limits: { cpu: '500m' } }, defaults)).toEqual({
      requests: { cpu: '500m', memory: '8Gi' },
      limits: { cpu: '500m', memory: '8Gi' },
    });
  });

  test('reports requests above limits', () => {
    const resolved = resolveJvmResources({ requests: { cpu: '3', memory: '8Gi' }, limits: { cpu: '2', memory: '4Gi' } }, defaults);
    expect(resourceProblems(resolved)).toEqual({ cpu: 'request 3 is above the limit 2', memory: 'request 8Gi is above the limit 4Gi' });
    expect(resourceProblems(defaults)).toEqual({});
  });

  test('renders Kubernetes resource requirements', () => {
    const json = JSON.parse(JSON.stringify(resourceRequirements(defaults)));
    expect(json).toEqual({ requests: { cpu: { value: '1' }, memory: { value: '4Gi' } }, limits: { cpu: { value: '2' }, memory: { value: '4Gi' } } });
  });
});
