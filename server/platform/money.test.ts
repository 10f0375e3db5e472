import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  allocate,
  amountOf,
  applyRate,
  canonicalYuan,
  divideHalfUp,
  fenOf,
  formatCny,
  formatYuan,
  moneyInput,
  multiplyDecimals,
  optionalMoneyInput,
  parseDecimal,
  parseYuan,
  proratedAmount,
  roundDecimal,
  splitTax,
  sumFen,
  taxOn,
  yuanText,
} from './money';

// R-BIL-01 R-BIL-02: money is exact (integer fen), rounded half-up once per line.

describe('parsing and printing yuan', () => {
  it('R-BIL-01 parses decimal yuan into fen exactly', () => {
    expect(parseYuan('0')).toBe(0n);
    expect(parseYuan('1200')).toBe(120000n);
    expect(parseYuan('1200.5')).toBe(120050n);
    expect(parseYuan('1200.50')).toBe(120050n);
    expect(parseYuan('-0.05')).toBe(-5n);
    expect(parseYuan(' 7.1 ')).toBe(710n);
    expect(parseYuan(12)).toBe(1200n);
    expect(parseYuan(12n)).toBe(1200n);
    expect(parseYuan('99999999999999.99')).toBe(9_999_999_999_999_999n);
    // beyond Number.MAX_SAFE_INTEGER fen the value is still exact
    expect(parseYuan('123456789012345678.91')).toBe(12_345_678_901_234_567_891n);
  });

  it('R-BIL-02 rounds more than two decimals half away from zero', () => {
    expect(parseYuan('0.005')).toBe(1n);
    expect(parseYuan('0.0049999')).toBe(0n);
    expect(parseYuan('-0.005')).toBe(-1n);
    expect(parseYuan('2.675')).toBe(268n); // a float would give 2.67
    expect(parseYuan('1.0049')).toBe(100n);
  });

  it('refuses what is not a plain decimal, including floats that have no exact value', () => {
    for (const bad of ['', '1e3', '1,200', '１２', '12.', '.5', 'abc', '--1', '1.2.3', 'NaN']) {
      expect(() => parseYuan(bad), bad).toThrow(RangeError);
    }
    expect(() => parseYuan(0.1)).toThrow(RangeError);
    expect(() => parseYuan(Number.MAX_SAFE_INTEGER + 2)).toThrow(RangeError);
  });

  it('prints fen as the stored decimal string, grouped for people, and with the ¥ sign', () => {
    expect(yuanText(0n)).toBe('0.00');
    expect(yuanText(5n)).toBe('0.05');
    expect(yuanText(-5n)).toBe('-0.05');
    expect(yuanText(120050n)).toBe('1200.50');
    expect(yuanText(-123456789n)).toBe('-1234567.89');
    expect(formatYuan(123456789n)).toBe('1,234,567.89');
    expect(formatYuan(99n)).toBe('0.99');
    expect(formatYuan(-100000n)).toBe('-1,000.00');
    expect(formatCny(1800000050n)).toBe('¥18,000,000.50');
    expect(formatCny(-1n)).toBe('-¥0.01');
    expect(canonicalYuan('1200.5')).toBe('1200.50');
    expect(canonicalYuan(null)).toBeNull();
    expect(fenOf('10500.50')).toBe(1050050n);
    expect(fenOf(null)).toBeNull();
  });

  it('R-CUS-21 sums are exact where floats are not (0.1 + 0.2, a year of 0.01)', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(yuanText(sumFen([parseYuan('0.1'), parseYuan('0.2')]))).toBe('0.30');
    expect(yuanText(sumFen(Array.from({ length: 12 }, () => parseYuan('0.01'))))).toBe('0.12');
    expect(yuanText(sumFen(Array.from({ length: 12 }, () => parseYuan('833333.33'))))).toBe('9999999.96');
    expect(formatCny(18_000_000n)).toBe('¥180,000.00');
    expect(formatCny(-150n)).toBe('-¥1.50');
    expect(sumFen([])).toBe(0n);
  });
});

describe('rounding, products and rates', () => {
  it('divides half away from zero for every sign', () => {
    expect(divideHalfUp(5n, 10n)).toBe(1n);
    expect(divideHalfUp(4n, 10n)).toBe(0n);
    expect(divideHalfUp(-5n, 10n)).toBe(-1n);
    expect(divideHalfUp(-4n, 10n)).toBe(0n);
    expect(divideHalfUp(5n, -10n)).toBe(-1n);
    expect(divideHalfUp(15n, 10n)).toBe(2n);
    expect(divideHalfUp(25n, 10n)).toBe(3n);
    expect(() => divideHalfUp(1n, 0n)).toThrow(RangeError);
  });

  it('R-BIL-02 area × price × days is rounded once, not per factor', () => {
    // 120.50 m² × ¥3.2500 per m²·day × 31 days = ¥12,140.375 → ¥12,140.38
    expect(amountOf('120.50', '3.2500', 31)).toBe(1214038n);
    // 1 m² × ¥0.333 × 3 days = 0.999 → 1.00 (rounding each day would give 0.99)
    expect(amountOf('1', '0.333', 3)).toBe(100n);
    expect(amountOf('1000.00')).toBe(100000n);
    expect(amountOf('-2.005')).toBe(-201n);
  });

  it('R-BIL-02 a part of a one-month span is monthly price × days / days of the span', () => {
    // ¥10,000 per month, 10 of the 31 days of 15 Mar–14 Apr: 3,225.806… → 3,225.81
    expect(proratedAmount(['10000', 10], 31n)).toBe(322581n);
    // 500 m² × ¥28.50 per m²·month × 17 / 30 = 8,075.00
    expect(proratedAmount(['500', '28.50', 17], 30)).toBe(807500n);
    expect(() => proratedAmount(['1'], 0n)).toThrow(RangeError);
  });

  it('R-BIL-02 escalation compounds and rounds the unit price to 4 decimals', () => {
    // year 2: 3.2500 × 1.05 = 3.4125; year 3: 3.4125 × 1.05 = 3.583125 → 3.5831
    const year2 = roundDecimal(multiplyDecimals('3.2500', '1.05'), 4);
    expect(year2).toBe('3.4125');
    expect(roundDecimal(multiplyDecimals(year2, '1.05'), 4)).toBe('3.5831');
    expect(roundDecimal(parseDecimal('2.00005'), 4)).toBe('2.0001');
    expect(roundDecimal(parseDecimal('-2.00005'), 4)).toBe('-2.0001');
    expect(roundDecimal(parseDecimal('7'), 2)).toBe('7.00');
    expect(roundDecimal(parseDecimal('0.4'), 0)).toBe('0');
  });

  it('applies rates (late fees, discounts) with one rounding', () => {
    // 0.05 % per day of ¥12,345.67 = ¥6.172835 → ¥6.17
    expect(applyRate(1234567n, '0.0005')).toBe(617n);
    expect(applyRate(1000n, '0.125')).toBe(125n);
    expect(applyRate(-1000n, '0.0005')).toBe(-1n);
    expect(applyRate(1999n, '1')).toBe(1999n);
  });

  it('R-BIL-01 splits a tax-inclusive amount at 9 % and computes tax on a net amount', () => {
    // ¥109.00 incl. 9 % → net ¥100.00, tax ¥9.00
    expect(splitTax(10900n, '0.09')).toEqual({ net: 10000n, tax: 900n });
    // ¥100.00 incl. 6 % → tax 5.660… → ¥5.66
    expect(splitTax(10000n, '0.06')).toEqual({ net: 9434n, tax: 566n });
    expect(splitTax(0n, '0.13')).toEqual({ net: 0n, tax: 0n });
    expect(taxOn(10000n, '0.09')).toBe(900n);
    expect(taxOn(333n, '0.13')).toBe(43n);
  });
});

describe('allocation of a total over lines', () => {
  it('R-BIL-05 never loses or invents a fen and stays within one fen of each exact share', () => {
    const cases: [bigint, bigint[]][] = [
      [100n, [1n, 1n, 1n]],
      [1n, [1n, 1n, 1n]],
      [1000001n, [3n, 7n, 11n, 13n]],
      [99n, [0n, 5n, 0n, 5n]],
      [12345n, [1n]],
      [0n, [4n, 5n]],
      [7n, [0n, 0n, 0n]],
    ];
    for (const [total, weights] of cases) {
      const parts = allocate(total, weights);
      expect(sumFen(parts), `${total} over ${weights}`).toBe(total);
      const basis = sumFen(weights) || BigInt(weights.length);
      parts.forEach((part, index) => {
        const weight = sumFen(weights) === 0n ? 1n : weights[index]!;
        const exactTimesBasis = total * weight;
        expect(part * basis - exactTimesBasis <= basis && exactTimesBasis - part * basis <= basis).toBe(true);
      });
    }
  });

  it('gives ties to the earlier line and nothing to zero weights', () => {
    expect(allocate(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(allocate(2n, [1n, 1n, 1n])).toEqual([1n, 1n, 0n]);
    expect(allocate(99n, [0n, 5n, 0n, 5n])).toEqual([0n, 50n, 0n, 49n]);
    expect(allocate(7n, [0n, 0n, 0n])).toEqual([3n, 2n, 2n]);
  });

  it('allocates negative totals symmetrically and refuses impossible input', () => {
    expect(allocate(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
    expect(allocate(0n, [])).toEqual([]);
    expect(() => allocate(1n, [])).toThrow(RangeError);
    expect(() => allocate(1n, [1n, -1n])).toThrow(RangeError);
  });

  it('a random sweep always sums exactly', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let round = 0; round < 500; round++) {
      const weights = Array.from({ length: 1 + (next() % 12) }, () => BigInt(next() % 1000));
      const total = BigInt(next()) - 1_000_000_000n;
      expect(sumFen(allocate(total, weights))).toBe(total);
    }
  });
});

describe('the zod money schema', () => {
  const body = z.object({ amount: moneyInput({ label: '预算金额' }), note: optionalMoneyInput() });

  it('accepts strings, grouped and full-width digits and numbers with two places; gives the canonical string', () => {
    expect(body.parse({ amount: 1200.5 }).amount).toBe('1200.50');
    expect(body.parse({ amount: 0.1 }).amount).toBe('0.10');
    expect(body.parse({ amount: '1200.5' }).amount).toBe('1200.50');
    expect(body.parse({ amount: '1,200' }).amount).toBe('1200.00');
    expect(body.parse({ amount: '１２００．５' }).amount).toBe('1200.50');
    expect(body.parse({ amount: 1200 }).amount).toBe('1200.00');
    expect(body.parse({ amount: '0' }).amount).toBe('0.00');
  });

  it('refuses floats, three decimals, negatives and too many digits with a Chinese message naming the field', () => {
    for (const amount of [0.001, 1e21, '1.005', '-1', '123456789012345', 'abc', '', true, null]) {
      const result = body.safeParse({ amount });
      expect(result.success, String(amount)).toBe(false);
      expect(result.error!.issues[0]!.message).toMatch(/^预算金额/);
    }
  });

  it('positive refuses zero; negative allows adjustments; the optional field maps "" and null to null', () => {
    expect(moneyInput({ positive: true }).safeParse('0').success).toBe(false);
    expect(moneyInput({ positive: true }).parse('0.01')).toBe('0.01');
    expect(moneyInput({ negative: true }).parse('-12.3')).toBe('-12.30');
    expect(moneyInput({ integerDigits: 3 }).safeParse('1000').success).toBe(false);
    expect(moneyInput({ numbers: false }).safeParse(12).success).toBe(false);
    expect(moneyInput({ numbers: false }).parse('12')).toBe('12.00');
    expect(body.parse({ amount: '1' }).note).toBeUndefined();
    expect(body.parse({ amount: '1', note: '' }).note).toBeNull();
    expect(body.parse({ amount: '1', note: null }).note).toBeNull();
    expect(body.parse({ amount: '1', note: '3' }).note).toBe('3.00');
    expect(body.safeParse({ amount: '1', note: '3.333' }).success).toBe(false);
  });
});
