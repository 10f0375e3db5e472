import type { Actor } from './access';

// Masking of sensitive fields (R-PLT-04) happens on the server, in exports too.

export type MaskKind = 'mobile' | 'phone' | 'idCard' | 'bankAccount' | 'email' | 'rate' | 'text' | 'name';

/** The sensitive fields of one kind of record and how each is masked (R-PLT-04). */
export type SensitiveFields = Readonly<Record<string, MaskKind>>;

export function maskValue(kind: MaskKind, value: string): string {
  if (value === '') return value;
  switch (kind) {
    case 'mobile': {
      const digits = value.replace(/\s+/g, '');
      if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
      return '****';
    }
    case 'phone':
      // 021-62345678 → 021****5678; a mobile stored as a phone reads like a mobile.
      return value.length >= 7 ? `${value.slice(0, 3)}****${value.slice(-4)}` : '****';
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

// One policy for the whole application: each module declares its sensitive fields per record
// type in its manifest; API responses, lists, search, exports, the timeline and the audit log's
// before/after values are all masked from that one table.
const sensitiveByType = new Map<string, SensitiveFields>();

/** Called by the installer with a manifest's `sensitiveFields`. */
export function registerSensitiveFields(entityType: string, fields: SensitiveFields): void {
  sensitiveByType.set(entityType, { ...sensitiveByType.get(entityType), ...fields });
}

export function sensitiveFieldsOf(entityType: string): SensitiveFields | undefined {
  return sensitiveByType.get(entityType);
}

/** Every record type's sensitive fields (the policy table, for docs and tests). */
export function sensitivePolicy(): ReadonlyMap<string, SensitiveFields> {
  return sensitiveByType;
}

/** Audit before/after values of a record type, masked unless the actor has `sensitive:view`. */
export function maskChanges<T extends Record<string, { before: unknown; after: unknown }> | null>(actor: Actor, entityType: string, changes: T): T {
  const fields = sensitiveFieldsOf(entityType);
  if (!changes || !fields || canViewSensitive(actor)) return changes;
  const masked: Record<string, { before: unknown; after: unknown }> = {};
  for (const [field, change] of Object.entries(changes)) {
    const kind = fields[field];
    const hide = (value: unknown) => (kind && typeof value === 'string' && value !== '***' ? maskValue(kind, value) : value);
    masked[field] = { before: hide(change.before), after: hide(change.after) };
  }
  return masked as T;
}

// Mainland mobiles and ID numbers written into free text (summaries, titles).
const MOBILE_IN_TEXT = /(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;
const ID_IN_TEXT = /(?<![\dA-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![\dA-Za-z])/g;

/** Free text with any mobile or ID number in it masked, unless the actor has `sensitive:view`. */
export function maskText(actor: Actor, text: string): string {
  if (canViewSensitive(actor)) return text;
  return text.replace(ID_IN_TEXT, '$1**********$2').replace(MOBILE_IN_TEXT, '$1****$3');
}
