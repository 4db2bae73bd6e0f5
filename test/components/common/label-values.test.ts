import { labelValueOrUndefined } from '../../../src/components/common/labels';

test('only valid label values pass', () => {
  expect(labelValueOrUndefined('3.5.3')).toBe('3.5.3');
  expect(labelValueOrUndefined('v2.0.0-rc_1')).toBe('v2.0.0-rc_1');
  expect(labelValueOrUndefined('1.2.3+build.5')).toBeUndefined();
  expect(labelValueOrUndefined('-leading')).toBeUndefined();
  expect(labelValueOrUndefined('x'.repeat(64))).toBeUndefined();
  expect(labelValueOrUndefined(undefined)).toBeUndefined();
});
