import type { Actor } from './access';

// Masking of sensitive fields (R-PLT-04) happens on the server, in exports too.

export type MaskKind = 'mobile' | 'idCard' | 'bankAccount' | 'email' | 'rate' | 'text' | 'name';

export function maskValue(kind: MaskKind, value: string): string {
  if (value === '') return value;
  switch (kind) {
    case 'mobile': {
      const digits = value.replace(/\s+/g, '');
      if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
      return '****';
    }
    case 'idCard':
      return value.length >= 8 ? `${value.slice(0, 4)}**********${value.slice(-4)}` : '****';
    case 'bankAccount':
      return value.length > 4 ? `****${value.slice(-4)}` : '****';
    case 'email': {
      const at = value.indexOf('@');
      if (at <= 0) return '****';
      return `${value.slice(0, 1)}***${value.slice(at)}`;
    }
    case 'rate':
      return '**';
    case 'text':
      return '******';
    case 'name': {
      // 上海华通物流有限公司 → 上海****有限公司: region and legal form stay, the distinctive part goes.
      const chars = [...value];
      if (chars.length <= 2) return `${chars[0]}*`;
      if (chars.length <= 6) return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
      const tail = Math.min(4, chars.length - 4);
      return `${chars.slice(0, 2).join('')}${'*'.repeat(chars.length - 2 - tail)}${chars.slice(-tail).join('')}`;
    }
  }
}

export function canViewSensitive(actor: Actor): boolean {
  return actor.permissions.has('sensitive:view');
}

/**
 * Returns a copy of `record` with the listed fields masked unless the actor has
 * `sensitive:view`. Null/undefined stay as they are.
 */
export function maskFields<T extends Record<string, unknown>>(
  actor: Actor,
  record: T,
  fields: Partial<Record<keyof T, MaskKind>>,
): T {
  if (canViewSensitive(actor)) return record;
  const copy: Record<string, unknown> = { ...record };
  for (const [field, kind] of Object.entries(fields) as [string, MaskKind][]) {
    const value = copy[field];
    if (value === null || value === undefined) continue;
    copy[field] = maskValue(kind, String(value));
  }
  return copy as T;
}
