import { describe, expect, it } from 'vitest';
import { normalizeName } from '../server/modules/customers/search/keys';
import { isValidUscc, MOBILE_PATTERN } from '../server/modules/customers';
import { companyNames, customerSpec } from './customer-data';

// The bench's generated customers must pass the app's own checks (else the import measurement
// would measure rejections): valid USCCs, mobiles, unique duplicate keys, same data per seed.
describe('bench customer data', () => {
  const names = companyNames(7, 2_000);

  it('gives names unique by their duplicate key, the same for the same seed', () => {
    expect(new Set(names.map(normalizeName)).size).toBe(names.length);
    expect(companyNames(7, 50)).toEqual(names.slice(0, 50));
    expect(names.every((name) => /(有限公司|有限责任公司|股份有限公司)$/.test(name))).toBe(true);
  });

  it('gives valid, unique USCCs and mobile numbers, and addresses with province, city and district', () => {
    const specs = names.map((name, index) => customerSpec(7, index, name));
    expect(specs.every((spec) => isValidUscc(spec.uscc))).toBe(true);
    expect(new Set(specs.map((spec) => spec.uscc)).size).toBe(specs.length);
    expect(specs.every((spec) => spec.contacts.length >= 1 && spec.contacts.every((c) => MOBILE_PATTERN.test(c.mobile)))).toBe(true);
    expect(specs.every((spec) => spec.province && spec.city && spec.district)).toBe(true);
    expect(customerSpec(7, 3, names[3]!).uscc).toBe(specs[3]!.uscc);
  });
});
