/**
 * 编号格式 — pure formatting of number-rule patterns (R-PLT-51).
 *
 * Tokens: {YYYY} {YY} {MM} {DD} {unit} {seq:N}. Everything else is literal text (letters,
 * digits, `-`, `_`, `/`, `.`). Dates are the calendar day in Asia/Shanghai.
 */

export const resetPolicies = ['never', 'yearly', 'monthly'] as const;
export type ResetPolicy = (typeof resetPolicies)[number];

export type PatternToken =
  | { type: 'literal'; text: string }
  | { type: 'year4' }
  | { type: 'year2' }
  | { type: 'month' }
  | { type: 'day' }
  | { type: 'unit' }
  | { type: 'seq'; width: number };

export const MAX_SEQ_WIDTH = 12;
const LITERAL = /^[A-Za-z0-9\-_/.]*$/;

export interface ParsedPattern {
  tokens: PatternToken[];
  usesUnit: boolean;
}

/** Parses a pattern; throws a PatternError with a Chinese message when it is not acceptable. */
export class PatternError extends Error {}

export function parsePattern(pattern: string): ParsedPattern {
  const tokens: PatternToken[] = [];
  let rest = pattern;
  let seqCount = 0;
  while (rest.length > 0) {
    const open = rest.indexOf('{');
    const close = rest.indexOf('}');
    if (close !== -1 && (open === -1 || close < open)) throw new PatternError('编号格式中有多余的「}」');
    if (open === -1) {
      pushLiteral(tokens, rest);
      break;
    }
    if (open > 0) pushLiteral(tokens, rest.slice(0, open));
    if (close === -1) throw new PatternError('编号格式中的「{」没有对应的「}」');
    const name = rest.slice(open + 1, close);
    rest = rest.slice(close + 1);
    const seq = /^seq:(\d{1,2})$/.exec(name);
    if (seq) {
      const width = Number(seq[1]);
      if (width < 1 || width > MAX_SEQ_WIDTH) throw new PatternError(`流水号位数应在 1–${MAX_SEQ_WIDTH} 之间，如 {seq:5}`);
      seqCount++;
      tokens.push({ type: 'seq', width });
      continue;
    }
    switch (name) {
      case 'YYYY':
        tokens.push({ type: 'year4' });
        break;
      case 'YY':
        tokens.push({ type: 'year2' });
        break;
      case 'MM':
        tokens.push({ type: 'month' });
        break;
      case 'DD':
        tokens.push({ type: 'day' });
        break;
      case 'unit':
        tokens.push({ type: 'unit' });
        break;
      default:
        throw new PatternError(`不认识的占位符「{${name.slice(0, 20)}}」，可用：{YYYY} {YY} {MM} {DD} {unit} {seq:N}`);
    }
  }
  if (seqCount === 0) throw new PatternError('编号格式必须包含流水号 {seq:N}，如 {seq:5}');
  if (seqCount > 1) throw new PatternError('编号格式只能包含一个流水号 {seq:N}');
  return { tokens, usesUnit: tokens.some((t) => t.type === 'unit') };
}

function pushLiteral(tokens: PatternToken[], text: string) {
  if (!LITERAL.test(text)) {
    throw new PatternError(`编号格式的固定部分只能使用字母、数字和 - _ / . 符号（有问题的部分：「${text.slice(0, 20)}」）`);
  }
  tokens.push({ type: 'literal', text });
}

/**
 * Checks that the reset policy matches the date tokens, so numbers cannot repeat: a sequence
 * reset every year must show the year, one reset every month the year and the month.
 */
export function validateRule(pattern: string, reset: ResetPolicy): ParsedPattern {
  const parsed = parsePattern(pattern);
  const has = (type: PatternToken['type']) => parsed.tokens.some((t) => t.type === type);
  const hasYear = has('year4') || has('year2');
  if (reset === 'yearly' && !hasYear) throw new PatternError('按年重置的编号必须包含年份 {YYYY} 或 {YY}，否则各年编号会重复');
  if (reset === 'monthly' && !(hasYear && has('month'))) {
    throw new PatternError('按月重置的编号必须包含年份（{YYYY} 或 {YY}）和月份 {MM}，否则各月编号会重复');
  }
  return parsed;
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** Calendar day of an instant in Asia/Shanghai (UTC+8, no daylight saving since 1991). */
export function shanghaiParts(instant: Date): DateParts {
  const shifted = new Date(instant.getTime() + 8 * 3_600_000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** Sequence key: which counter a number comes from. */
export function periodKey(reset: ResetPolicy, parts: DateParts): string {
  switch (reset) {
    case 'never':
      return 'all';
    case 'yearly':
      return String(parts.year);
    case 'monthly':
      return `${parts.year}-${String(parts.month).padStart(2, '0')}`;
  }
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** Renders a number. A sequence wider than {seq:N} is printed in full rather than truncated. */
export function formatNumber(parsed: ParsedPattern, values: { parts: DateParts; unitCode: string; seq: number }): string {
  return parsed.tokens
    .map((token) => {
      switch (token.type) {
        case 'literal':
          return token.text;
        case 'year4':
          return pad(values.parts.year, 4);
        case 'year2':
          return pad(values.parts.year % 100, 2);
        case 'month':
          return pad(values.parts.month, 2);
        case 'day':
          return pad(values.parts.day, 2);
        case 'unit':
          return values.unitCode;
        case 'seq':
          return pad(values.seq, token.width);
      }
    })
    .join('');
}
