import { appMessages } from './messages-app';
import { systemMessages } from './messages-system';

/** Every UI string, keyed; a module adds its own messages file and spreads it here. */
export const dictionary = { ...appMessages, ...systemMessages };

export type MessageKey = keyof typeof dictionary;
export type Locale = 'zh-CN' | 'en';
export type MessageValues = Record<string, string | number>;

export function translate(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const entry = dictionary[key];
  const template: string = locale === 'en' ? entry[1] : entry[0];
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}

export function isMessageKey(key: string): key is MessageKey {
  return key in dictionary;
}
