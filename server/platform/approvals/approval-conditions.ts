/**
 * 审批条件 — the tiny expression language of conditional flow steps (R-PLT-21).
 *
 *   condition  := or
 *   or         := and ( "or" and )*
 *   and        := term ( "and" term )*
 *   term       := "(" or ")" | field op value
 *   op         := > | >= | < | <= | == | !=
 *   value      := number | number% | "string" | 'string' | true | false
 *
 * Fields are keys of the request `data` (letters, digits, underscore). `10%` means 0.1.
 * Parsed by hand into a small tree and evaluated by walking it: no eval, no Function.
 */

export type ComparisonOperator = '>' | '>=' | '<' | '<=' | '==' | '!=';
export type ConditionValue = number | string | boolean;

export type ConditionNode =
  | { kind: 'compare'; field: string; op: ComparisonOperator; value: ConditionValue }
  | { kind: 'and' | 'or'; left: ConditionNode; right: ConditionNode };

/** A condition that cannot be parsed; `message` is Chinese and says what to fix. */
export class ConditionSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConditionSyntaxError';
  }
}

export const MAX_CONDITION_LENGTH = 300;
const MAX_DEPTH = 20;

type Token =
  | { type: 'field'; text: string; at: number }
  | { type: 'op'; text: ComparisonOperator; at: number }
  | { type: 'value'; value: ConditionValue; at: number; text: string }
  | { type: 'and' | 'or' | '(' | ')'; at: number; text: string };

const operators: ComparisonOperator[] = ['>=', '<=', '==', '!=', '>', '<'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') {
      tokens.push({ type: ch, at: i, text: ch });
      i++;
      continue;
    }
    const op = operators.find((candidate) => source.startsWith(candidate, i));
    if (op) {
      tokens.push({ type: 'op', text: op, at: i });
      i += op.length;
      continue;
    }
    if (ch === '=') throw new ConditionSyntaxError(`第 ${i + 1} 个字符处的「=」无效，比较相等请写「==」`);
    if (ch === '"' || ch === "'") {
      const end = source.indexOf(ch, i + 1);
      if (end < 0) throw new ConditionSyntaxError(`第 ${i + 1} 个字符处的字符串缺少结束引号 ${ch}`);
      const text = source.slice(i + 1, end);
      tokens.push({ type: 'value', value: text, at: i, text: source.slice(i, end + 1) });
      i = end + 1;
      continue;
    }
    const number = /^-?(?:\d+(?:\.\d+)?|\.\d+)(%?)/.exec(source.slice(i));
    if (number && (ch !== '-' || tokens[tokens.length - 1]?.type === 'op')) {
      const raw = number[0];
      let value = Number(raw.replace('%', ''));
      if (number[1]) value = value / 100;
      if (!Number.isFinite(value)) throw new ConditionSyntaxError(`数字 ${raw} 超出范围`);
      tokens.push({ type: 'value', value, at: i, text: raw });
      i += raw.length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (word) {
      const text = word[0];
      const lower = text.toLowerCase();
      if (lower === 'and' || lower === 'or') tokens.push({ type: lower, at: i, text });
      else if (lower === 'true' || lower === 'false') tokens.push({ type: 'value', value: lower === 'true', at: i, text });
      else tokens.push({ type: 'field', text, at: i });
      i += text.length;
      continue;
    }
    if (ch === '&' || ch === '|') throw new ConditionSyntaxError(`第 ${i + 1} 个字符处请用 and / or 连接条件，不支持「${ch}」`);
    throw new ConditionSyntaxError(`第 ${i + 1} 个字符「${ch}」无法识别；字段名只能包含字母、数字和下划线`);
  }
  return tokens;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): ConditionNode {
    if (this.tokens.length === 0) throw new ConditionSyntaxError('条件不能为空');
    const node = this.or(0);
    const rest = this.tokens[this.position];
    if (rest) throw new ConditionSyntaxError(`第 ${rest.at + 1} 个字符处多出「${rest.text}」，多个条件请用 and / or 连接`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private or(depth: number): ConditionNode {
    let left = this.and(depth);
    while (this.peek()?.type === 'or') {
      this.position++;
      left = { kind: 'or', left, right: this.and(depth) };
    }
    return left;
  }

  private and(depth: number): ConditionNode {
    let left = this.term(depth);
    while (this.peek()?.type === 'and') {
      this.position++;
      left = { kind: 'and', left, right: this.term(depth) };
    }
    return left;
  }

  private term(depth: number): ConditionNode {
    if (depth > MAX_DEPTH) throw new ConditionSyntaxError('括号嵌套过深');
    const token = this.peek();
    if (!token) throw new ConditionSyntaxError('条件不完整：末尾缺少「字段 比较符 值」');
    if (token.type === '(') {
      this.position++;
      const inner = this.or(depth + 1);
      const close = this.peek();
      if (close?.type !== ')') throw new ConditionSyntaxError(`第 ${token.at + 1} 个字符处的「(」缺少对应的「)」`);
      this.position++;
      return inner;
    }
    if (token.type !== 'field') {
      throw new ConditionSyntaxError(`第 ${token.at + 1} 个字符处应为字段名（如 amount），而不是「${token.text}」`);
    }
    this.position++;
    const op = this.peek();
    if (op?.type !== 'op') {
      throw new ConditionSyntaxError(`字段 ${token.text} 后应为比较符 > >= < <= == !=`);
    }
    this.position++;
    const value = this.peek();
    if (value?.type !== 'value') {
      throw new ConditionSyntaxError(`比较符 ${op.text} 后应为数字、带引号的字符串或 true/false`);
    }
    this.position++;
    const ordering = op.text !== '==' && op.text !== '!=';
    if (ordering && typeof value.value !== 'number') {
      throw new ConditionSyntaxError(`比较符 ${op.text} 只能与数字比较（${token.text} ${op.text} ${value.text}）`);
    }
    return { kind: 'compare', field: token.text, op: op.text, value: value.value };
  }
}

/** Parses a condition or throws ConditionSyntaxError with a Chinese message. */
export function parseCondition(source: string): ConditionNode {
  if (source.length > MAX_CONDITION_LENGTH) throw new ConditionSyntaxError(`条件不能超过 ${MAX_CONDITION_LENGTH} 个字符`);
  return new Parser(tokenize(source)).parse();
}

/** The Chinese reason a condition is invalid, or null when it parses. */
export function conditionError(source: string): string | null {
  try {
    parseCondition(source);
    return null;
  } catch (error) {
    if (error instanceof ConditionSyntaxError) return error.message;
    throw error;
  }
}

/** Field names a condition reads, e.g. for showing them next to the flow step. */
export function conditionFields(node: ConditionNode): string[] {
  if (node.kind === 'compare') return [node.field];
  return [...new Set([...conditionFields(node.left), ...conditionFields(node.right)])];
}

/** Numbers may arrive as numbers or as exact decimal strings ("600000.00"). */
function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

function compare(actual: unknown, op: ComparisonOperator, expected: ConditionValue): boolean {
  // A field missing from the request never satisfies a comparison.
  if (actual === undefined || actual === null) return false;
  if (typeof expected === 'number') {
    const number = asNumber(actual);
    if (number === undefined) return false;
    switch (op) {
      case '>':
        return number > expected;
      case '>=':
        return number >= expected;
      case '<':
        return number < expected;
      case '<=':
        return number <= expected;
      case '==':
        return number === expected;
      case '!=':
        return number !== expected;
    }
  }
  const equal = typeof expected === 'boolean' ? actual === expected : String(actual) === expected;
  return op === '==' ? equal : op === '!=' ? !equal : false;
}

export function evaluateConditionNode(node: ConditionNode, data: Record<string, unknown>): boolean {
  switch (node.kind) {
    case 'compare':
      return compare(Object.hasOwn(data, node.field) ? data[node.field] : undefined, node.op, node.value);
    case 'and':
      return evaluateConditionNode(node.left, data) && evaluateConditionNode(node.right, data);
    case 'or':
      return evaluateConditionNode(node.left, data) || evaluateConditionNode(node.right, data);
  }
}

/** True when the condition holds for the request data; an empty condition always holds. */
export function evaluateCondition(source: string | undefined | null, data: Record<string, unknown>): boolean {
  if (!source || !source.trim()) return true;
  return evaluateConditionNode(parseCondition(source), data);
}

/**
 * A field of the request data that flow conditions may use, declared by the approval type, so
 * that a condition reads as words (「预算合计 > 100,000 元」) and an unknown field is refused.
 */
export interface ConditionField {
  key: string;
  label: string;
  labelEn?: string;
  /** How values are shown: yuan amounts, rates (0.1 = 10%), plain numbers, yes/no, text. */
  format: 'yuan' | 'rate' | 'number' | 'boolean' | 'text';
  /** For text fields with a fixed set of values: their names. */
  options?: { value: string; label: string; labelEn?: string }[];
}

const operatorWords: Record<ComparisonOperator, string> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤', '==': '=', '!=': '≠' };

function formatConditionValue(value: ConditionValue, field: ConditionField | undefined, english: boolean): string {
  if (typeof value === 'boolean') return english ? (value ? 'yes' : 'no') : value ? '是' : '否';
  if (typeof value === 'string') {
    const option = field?.options?.find((candidate) => candidate.value === value);
    const text = option ? (english ? (option.labelEn ?? option.label) : option.label) : value;
    return english ? `"${text}"` : `「${text}」`;
  }
  const grouped = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 6 });
  switch (field?.format) {
    case 'rate':
      return `${grouped(Math.round(value * 1e8) / 1e6)}%`;
    case 'yuan':
      return english ? `CNY ${grouped(value)}` : `${grouped(value)} 元`;
    default:
      return grouped(value);
  }
}

/**
 * The condition in words for people: fields by their names, `==` as 「=」, rates as percentages,
 * amounts in yuan, and/or as 且/或. A condition that does not parse is returned as written.
 */
export function describeCondition(source: string, fields: ConditionField[] = [], english = false): string {
  let tree: ConditionNode;
  try {
    tree = parseCondition(source);
  } catch {
    return source;
  }
  const byKey = new Map(fields.map((field) => [field.key, field]));
  const walk = (node: ConditionNode, parent: 'and' | 'or' | null): string => {
    if (node.kind === 'compare') {
      const field = byKey.get(node.field);
      const label = field ? (english ? (field.labelEn ?? field.label) : field.label) : node.field;
      if (typeof node.value === 'boolean' && field?.format === 'boolean' && (node.op === '==' || node.op === '!=')) {
        const positive = (node.op === '==') === node.value;
        return english ? `${positive ? '' : 'not '}${label}` : `${positive ? '' : '非'}${label}`;
      }
      return `${label} ${operatorWords[node.op]} ${formatConditionValue(node.value, field, english)}`;
    }
    const joiner = node.kind === 'and' ? (english ? ' and ' : ' 且 ') : english ? ' or ' : ' 或 ';
    const text = `${walk(node.left, node.kind)}${joiner}${walk(node.right, node.kind)}`;
    return parent === 'and' && node.kind === 'or' ? `(${text})` : text;
  };
  return walk(tree, null);
}
