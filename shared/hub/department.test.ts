import { describe, expect, it } from 'vitest';
import { DEPARTMENT } from '../api/hub-api';
import { departmentOfPostalCode } from './department';

describe('departmentOfPostalCode', () => {
  it.each([
    ['01000', '01'],
    ['09100', '09'],
    ['13008', '13'],
    ['19100', '19'],
    ['21000', '21'],
    ['35700', '35'],
    ['47000', '47'],
    ['75015', '75'],
    ['95000', '95'],
    // Corsica: the split is at 20200, whatever the commune.
    ['20000', '2A'],
    ['20090', '2A'],
    ['20100', '2A'],
    ['20199', '2A'],
    ['20200', '2B'],
    ['20290', '2B'],
    ['20600', '2B'],
    ['20999', '2B'],
    // Overseas departments.
    ['97100', '971'],
    ['97133', '971'],
    ['97200', '972'],
    ['97300', '973'],
    ['97400', '974'],
    ['97500', '975'],
    ['97600', '976'],
    ['97699', '976'],
    // Surrounding spaces are what a cell or a form leaves; they do not change the code.
    [' 35000 ', '35'],
  ])('%s → %s', (postalCode, department) => {
    expect(departmentOfPostalCode(postalCode)).toBe(department);
    expect(DEPARTMENT.test(department)).toBe(true);
  });

  it.each([
    ['00100'],
    ['96000'],
    ['97000'],
    ['97099'],
    ['97700'],
    ['97800'],
    ['98000'],
    ['98800'],
    ['99999'],
    ['3500'],
    ['350000'],
    ['35 000'],
    ['2A000'],
    ['abcde'],
    [''],
  ])('%s → null', (postalCode) => {
    expect(departmentOfPostalCode(postalCode)).toBeNull();
  });

  it('is null without a postal code', () => {
    expect(departmentOfPostalCode(null)).toBeNull();
    expect(departmentOfPostalCode(undefined)).toBeNull();
    // Untyped callers (values read from JSON) must not make it throw.
    expect(departmentOfPostalCode(35000 as unknown as string)).toBeNull();
  });
});
