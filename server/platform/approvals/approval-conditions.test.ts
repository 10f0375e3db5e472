import { describe, expect, it } from 'vitest';
import { conditionError, conditionFields, describeCondition, evaluateCondition, parseCondition, type ConditionField } from './approval-conditions';

describe('approval step conditions (R-PLT-21)', () => {
  it.each([
    ['amount > 500000', { amount: 600000 }, true],
    ['amount > 500000', { amount: 500000 }, false],
    ['amount >= 500000', { amount: 500000 }, true],
    ['amount < 100', { amount: 99.99 }, true],
    ['amount <= 100', { amount: 100.01 }, false],
    ['amount == 100', { amount: 100 }, true],
    ['amount != 100', { amount: 100 }, false],
    ['discountRate > 0.1', { discountRate: 0.15 }, true],
    ['discountRate > 10%', { discountRate: 0.1 }, false],
    ['discountRate > 10%', { discountRate: 0.12 }, true],
    ['amount > 500000', { amount: '600000.00' }, true],
    ['amount > -1', { amount: 0 }, true],
    ['kind == "warehouse"', { kind: 'warehouse' }, true],
    ["kind == 'warehouse'", { kind: 'office' }, false],
    ['kind != "warehouse"', { kind: 'office' }, true],
    ['crossUnit == true', { crossUnit: true }, true],
    ['crossUnit == true', { crossUnit: 'true' }, false],
    ['crossUnit == false', { crossUnit: false }, true],
    ['amount > 10 and kind == "shop"', { amount: 20, kind: 'shop' }, true],
    ['amount > 10 and kind == "shop"', { amount: 20, kind: 'yard' }, false],
    ['amount > 10 or kind == "shop"', { amount: 1, kind: 'shop' }, true],
    ['amount > 10 OR kind == "shop"', { amount: 1, kind: 'yard' }, false],
    // and binds tighter than or
    ['a == 1 or a == 2 and b == 3', { a: 1, b: 0 }, true],
    ['(a == 1 or a == 2) and b == 3', { a: 1, b: 0 }, false],
    // missing fields never match
    ['amount > 0', {}, false],
    ['amount != 0', {}, false],
    ['amount > 0', { amount: 'abc' }, false],
  ])('%s with %j → %s', (source, data, expected) => {
    expect(evaluateCondition(source, data)).toBe(expected);
  });

  it('an empty condition always holds', () => {
    expect(evaluateCondition(undefined, {})).toBe(true);
    expect(evaluateCondition('  ', {})).toBe(true);
  });

  it('does not read inherited properties', () => {
    expect(evaluateCondition('constructor != 1', {})).toBe(false);
    expect(evaluateCondition('toString == "x"', {})).toBe(false);
  });

  it.each([
    ['amount >', /比较符 > 后应为/],
    ['amount 500', /后应为比较符/],
    ['> 5', /应为字段名/],
    ['amount = 5', /==/],
    ['amount > 5 amount < 9', /and \/ or/],
    ['amount > 5 && b == 1', /and \/ or/],
    ['kind > "a"', /只能与数字比较/],
    ['flag < true', /只能与数字比较/],
    ['name == "abc', /结束引号/],
    ['(amount > 5', /缺少对应的「\)」/],
    ['amount > 5 and', /不完整/],
    ['process.exit() == 1', /无法识别/],
    ['', /不能为空/],
    ['a == 1 and '.repeat(40) + 'a == 1', /不能超过/],
  ])('refuses %j with a Chinese message', (source, message) => {
    const error = conditionError(source);
    expect(error).toMatch(message);
    expect(error).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses deep nesting instead of overflowing the stack', () => {
    expect(conditionError('('.repeat(50) + 'a == 1' + ')'.repeat(50))).toMatch(/嵌套过深/);
  });

  it('lists the fields a condition reads', () => {
    expect(conditionFields(parseCondition('amount > 1 and (kind == "x" or amount < 9)'))).toEqual(['amount', 'kind']);
  });

  const fields: ConditionField[] = [
    { key: 'amount', label: '合同金额', labelEn: 'Contract amount', format: 'yuan' },
    { key: 'discountRate', label: '折扣率', labelEn: 'Discount rate', format: 'rate' },
    { key: 'crossUnit', label: '跨部门', labelEn: 'cross-unit', format: 'boolean' },
    { key: 'kind', label: '类型', format: 'text', options: [{ value: 'shop', label: '商铺', labelEn: 'shop' }] },
  ];
  it.each([
    ['discountRate > 0.1', '折扣率 > 10%', 'Discount rate > 10%'],
    ['discountRate >= 12.5%', '折扣率 ≥ 12.5%', 'Discount rate ≥ 12.5%'],
    ['amount > 500000', '合同金额 > 500,000 元', 'Contract amount > CNY 500,000'],
    ['crossUnit == true', '跨部门', 'cross-unit'],
    ['crossUnit != true', '非跨部门', 'not cross-unit'],
    ['kind == "shop" and (amount <= 1 or discountRate != 0.05)', '类型 = 「商铺」 且 (合同金额 ≤ 1 元 或 折扣率 ≠ 5%)', 'kind = "shop" and (Contract amount ≤ CNY 1 or Discount rate ≠ 5%)'],
    ['other == 3', 'other = 3', 'other = 3'],
    ['amount >> 1', 'amount >> 1', 'amount >> 1'],
  ])('shows %j in words', (source, chinese, english) => {
    expect(describeCondition(source, fields)).toBe(chinese);
    expect(describeCondition(source, fields, true)).toBe(english.replace('kind =', '类型 ='));
  });
});
