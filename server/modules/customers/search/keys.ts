import { pinyin } from 'pinyin-pro';

// Keys derived from a customer's name for de-duplication (R-CUS-05) and search (R-CUS-32).

const LEGAL_FORM_SUFFIXES = ['股份有限公司', '有限责任公司', '有限公司'];

/** Full-width → half-width (NFKC), lower case, no whitespace or punctuation. */
export function canonicalText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/**
 * The duplicate key of a name: `上海华通物流有限公司`, `上海华通物流有限责任公司` and
 * `上海 华通物流（有限公司）` all give `上海华通物流`. `…公司` alone is kept, so 上海华通物流公司
 * is a *similar* name, not the same one.
 */
export function normalizeName(name: string): string {
  let key = canonicalText(name);
  for (const suffix of LEGAL_FORM_SUFFIXES) {
    if (key.length > suffix.length && key.endsWith(suffix)) {
      key = key.slice(0, -suffix.length);
      break;
    }
  }
  return key;
}

/** Distinct overlapping character pairs; a GIN index on them serves 2-character substring search. */
export function bigrams(text: string): string[] {
  const chars = [...canonicalText(text)];
  const set = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) set.add(chars[i]! + chars[i + 1]!);
  return [...set];
}

export interface PinyinKeys {
  /** `shanghaihuatongwuliu…` */
  full: string;
  /** `shhtwl…` */
  initials: string;
}

export function pinyinKeys(text: string): PinyinKeys {
  const canonical = canonicalText(text);
  if (!canonical) return { full: '', initials: '' };
  const syllables = pinyin(canonical, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  const full = syllables.join('').toLowerCase();
  const initials = syllables.map((s) => s[0] ?? '').join('').toLowerCase();
  return { full, initials };
}

export interface CustomerSearchKeys {
  normalizedName: string;
  nameBigrams: string[];
  pinyinFull: string;
  pinyinInitials: string;
}

/** All derived keys of a customer, from its name and short name. */
export function customerSearchKeys(name: string, shortName?: string | null): CustomerSearchKeys {
  const nameKeys = pinyinKeys(name);
  const shortKeys = shortName ? pinyinKeys(shortName) : { full: '', initials: '' };
  return {
    normalizedName: normalizeName(name),
    nameBigrams: [...new Set([...bigrams(name), ...(shortName ? bigrams(shortName) : [])])],
    pinyinFull: [nameKeys.full, shortKeys.full].filter(Boolean).join(' '),
    pinyinInitials: [nameKeys.initials, shortKeys.initials].filter(Boolean).join(' '),
  };
}
