import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyRequest } from 'fastify';

// The language a request asked for (Accept-Language), so names the server composes — dictionary
// labels, approval types, jobs, notification kinds — come back in the user's language. Stored
// records (names, audit summaries) are data and stay as written.

export type Language = 'zh-CN' | 'en';

const storage = new AsyncLocalStorage<Language>();

export function languageOf(request: FastifyRequest): Language {
  const header = String(request.headers['accept-language'] ?? '').trim().toLowerCase();
  return header.startsWith('en') ? 'en' : 'zh-CN';
}

/** Called once per request (onRequest): the rest of the request runs in this language. */
export function enterRequestLanguage(language: Language): void {
  storage.enterWith(language);
}

/** The current request's language; Chinese outside requests (jobs, CLIs). */
export function requestLanguage(): Language {
  return storage.getStore() ?? 'zh-CN';
}

/** The English text when the request asked for English and there is one. */
export function localized(chinese: string, english: string | null | undefined): string {
  return requestLanguage() === 'en' && english ? english : chinese;
}
