import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../errors';
import { commonPasswords } from './common-passwords';

// R-SEC-01: argon2id with m = 19 MiB, t = 2 (OWASP minimum), p = 1.
// algorithm 2 = Argon2id (the package's const enum cannot be imported under isolatedModules).
const argonOptions = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verified against when the user does not exist, so timing does not reveal valid usernames.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

/** Length 8–128, not a common password, no composition rules (R-SEC-01, ASVS 6.2). */
export function checkPasswordPolicy(password: string, field = 'newPassword', username?: string): void {
  const length = [...password].length;
  if (length < 8 || length > 128) {
    throw new AppError('PASSWORD_POLICY', '密码长度须为 8–128 个字符', [{ field, message: '密码长度须为 8–128 个字符' }]);
  }
  const lowered = password.toLowerCase();
  if (commonPasswords.has(lowered) || (username && lowered.includes(username.toLowerCase()))) {
    const message = '该密码过于常见或包含用户名，容易被猜中，请换一个';
    throw new AppError('PASSWORD_POLICY', message, [{ field, message }]);
  }
}

/** Random password for first start and admin resets: 16 characters, no look-alikes. */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}
