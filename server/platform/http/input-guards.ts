import { AppError, type Reason } from '../errors';
import { fieldLabelOf } from './field-labels';
import type { AppInstance } from './types';

// R-QLT-05 / R-SEC-08: text that PostgreSQL cannot store as given is refused at the door, so what
// a service hashes, audits and stores is exactly what the client sent. Three kinds are refused:
// U+0000 (text columns cannot hold it), lone UTF-16 surrogates (`"\ud800"` in JSON: stored as
// U+FFFD, so a hash over the original text would never verify again) and C0 control characters
// other than tab, line feed and carriage return (invisible, and they forge lines in logs and CSVs).

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const MAX_DEPTH = 64;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** The text as PostgreSQL stores it: lone surrogates become U+FFFD, U+0000 is dropped. */
export function storableText(text: string): string {
  return text.replace(LONE_SURROGATES, '\uFFFD').replace(/\u0000/g, '');
}

export type BadCharacter = 'nul' | 'surrogate' | 'control';

/** What is wrong with a string, or undefined when it can be stored and hashed as it is. */
export function badCharacterOf(text: string): BadCharacter | undefined {
  if (text.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'surrogate';
  if (CONTROL.test(text)) return 'control';
  return undefined;
}

const MESSAGES: Record<BadCharacter, string> = {
  nul: '不能包含空字符（U+0000）',
  surrogate: '包含无法保存的字符（不成对的 UTF-16 代理项），请删除后重新输入',
  control: '不能包含不可见的控制字符（如 U+0007），请删除后重新输入',
};

const REASONS: Record<BadCharacter, Reason> = {
  nul: 'input.nul_character',
  surrogate: 'input.lone_surrogate',
  control: 'input.control_character',
};

function printableKey(key: string): string {
  return storableText(key).replace(new RegExp(CONTROL.source, 'g'), '?').slice(0, 60);
}

/** The first string (or key) of a parsed value that cannot be stored, with its path. */
export function badCharacterAt(value: unknown, path = '', depth = 0): { path: string; kind: BadCharacter } | undefined {
  if (typeof value === 'string') {
    const kind = badCharacterOf(value);
    return kind ? { path, kind } : undefined;
  }
  if (!value || typeof value !== 'object' || depth > MAX_DEPTH) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${printableKey(key)}` : printableKey(key);
    const keyKind = badCharacterOf(key);
    if (keyKind) return { path: itemPath, kind: keyKind };
    const found = badCharacterAt(item, itemPath, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The validation error for a string that cannot be stored. */
export function badCharacterError(field: string, kind: BadCharacter): AppError {
  const message = MESSAGES[kind];
  return new AppError('VALIDATION_FAILED', `提交的数据有误 — ${fieldLabelOf(field)}：${message}`, {
    reason: REASONS[kind],
    fields: [{ field, message }],
  });
}

/** Throws when a text received outside JSON (a form field, a file name) cannot be stored. */
export function assertStorableText(field: string, text: string): void {
  const kind = badCharacterOf(text);
  if (kind) throw badCharacterError(field, kind);
}

/**
 * Bad UTF-8 in a JSON body is refused instead of being stored as U+FFFD; unstorable characters
 * in the body, query or path are refused as a validation error before any route runs.
 */
export function registerInputGuards(app: AppInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(new AppError('BAD_REQUEST', '请求体不是合法的 UTF-8 文本', { reason: 'input.bad_encoding' }), undefined);
      return;
    }
    parseJson(request, text, done);
  });
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['body', request.body],
      ['query', request.query],
      ['params', request.params],
    ] as const) {
      const found = badCharacterAt(value);
      if (found) throw badCharacterError(found.path || part, found.kind);
    }
  });
}
