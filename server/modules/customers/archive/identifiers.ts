// Check-digit validation of Chinese identifiers (R-CUS-03).

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 32100 check character over the first 17 characters of a 统一社会信用代码 (weights 3^i mod 31). */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

/** GB 11714 check character of an 8-character 组织机构代码 body (digits and capital letters). */
export function organizationCodeCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body[i]!;
    sum += (c >= '0' && c <= '9' ? Number(c) : c.charCodeAt(0) - 55) * ORG_WEIGHTS[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, S, V, Z);
 * the last is a check character over the first 17.
 */
export function isValidUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  return usccCheckCharacter(code.slice(0, 17)) === code[17];
}

/** The USCC alphabet, for generators of fictional codes (demo data, benchmarks). */
export const USCC_ALPHABET = USCC_CHARS;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** 居民身份证号码 (GB 11643): 18 characters, a valid birth date, ISO 7064 MOD 11-2 check digit. */
export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17];
}

/** Mainland mobile numbers: 11 digits starting 13–19. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
/** Landlines: optional area code (0 + 2–3 digits), 7–8 digits, optional extension; or 400/800 numbers. */
export const PHONE_PATTERN = /^(?:0\d{2,3}-?)?\d{7,8}(?:-\d{1,6})?$|^[48]00-?\d{3}-?\d{4}$/;
export const POSTCODE_PATTERN = /^\d{6}$/;

/**
 * A well-formed 统一社会信用代码 for a fictional enterprise (demo data): 91 (工商/企业) + the
 * district's division code + an "MA…" organisation code with its GB 11714 check + the GB 32100 check.
 */
export function fictionalUscc(random: () => number, division: string): string {
  const body = `MA${Array.from({ length: 6 }, () => USCC_CHARS[Math.floor(random() * USCC_CHARS.length)]).join('')}`;
  const first17 = `91${division}${body}${organizationCodeCheck(body)}`;
  return first17 + usccCheckCharacter(first17);
}

// R-CUS-30: identifiers as people type them — full-width digits and letters (１３８…, ９１３１…),
// spaces and dashes inside a mobile (138 0000 1119, 138-0000-1119), +86 in front. Normalised the
// same way in forms, the API and imports wherever the intent is certain.

/** Full-width ASCII (Ｕ+FF01–FF5E) and the ideographic space to their plain forms. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** A mobile written with spaces, dashes, dots or a +86 prefix, as its 11 digits (else as typed). */
export function normalizeMobile(text: string): string {
  const plain = toHalfWidth(text).trim();
  const digits = plain.replace(/[\s\-.()]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^\d{11}$/.test(digits) ? digits : plain;
}

/** A landline: half-width, spaces between area code and number become a dash. */
export function normalizePhone(text: string): string {
  return toHalfWidth(text).trim().replace(/\s*[-－—]\s*|\s+/g, '-');
}

/** A USCC or ID number: half-width, no spaces, upper case. */
export function normalizeCode(text: string): string {
  return toHalfWidth(text).replace(/\s+/g, '').toUpperCase();
}
