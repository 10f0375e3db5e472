import { billingMessages } from '../../features/billing/messages';
import { creditMessages } from '../../features/billing/credit/messages';
import { viewsMessages } from '../../ui/messages-views';
import { serviceMessages } from '../../features/service/messages';
import { complaintMessages } from '../../features/service/messages-complaints';
import { incidentMessages } from '../../features/service/messages-incidents';
import { approvalsMessages } from '../../features/approvals/messages';
import { attachmentsMessages } from '../../features/attachments/messages';
import { calendarMessages } from '../../features/calendar/messages';
import { customersMessages } from '../../features/customers/messages';
import { developmentMessages } from '../../features/development/messages';
import { dictionariesMessages } from '../../features/dictionaries/messages';
import { jobsMessages } from '../../features/jobs/messages';
import { notificationsMessages } from '../../features/notifications/messages';
import { numberingMessages } from '../../features/numbering/messages';
import { spacesMessages } from '../../features/spaces/messages';
import { contractsMessages } from '../../features/contracts/messages';
import { tasksMessages } from '../../features/tasks/messages';
import { usersMessages } from '../../features/users/messages';
import { appMessages } from './messages-app';
import { pageMessages } from './messages-pages';
import { reasonMessages } from './messages-reasons';
import { systemMessages } from './messages-system';

/** Every UI string, keyed; a module adds its own messages file and spreads it here. */
export const dictionary = {
  ...appMessages,
  ...systemMessages,
  ...pageMessages,
  ...reasonMessages,
  ...approvalsMessages,
  ...attachmentsMessages,
  ...calendarMessages,
  ...customersMessages,
  ...developmentMessages,
  ...dictionariesMessages,
  ...jobsMessages,
  ...notificationsMessages,
  ...numberingMessages,
  ...spacesMessages,
  ...contractsMessages,
  ...billingMessages,
  ...creditMessages,
  ...viewsMessages,
  ...serviceMessages,
  ...complaintMessages,
  ...incidentMessages,
  ...tasksMessages,
  ...usersMessages,
};

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

let activeLocale: Locale = 'zh-CN';

/** Set by the locale provider; read by `tr` for text made outside React (API errors). */
export function setActiveLocale(locale: Locale): void {
  activeLocale = locale;
}

/** Translation in the active language, for code that runs outside components. */
export function tr(key: MessageKey, values?: MessageValues): string {
  return translate(activeLocale, key, values);
}

/** The translation function components get from `useT()`; helpers outside components take it as a parameter. */
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/** Form rules declared outside components carry message keys; this gives antd their text. */
export function translatedRules<R extends { message?: MessageKey | string }>(t: Translate, rules: R[]): R[] {
  return rules.map((rule) => (rule.message && isMessageKey(rule.message) ? { ...rule, message: t(rule.message) } : rule));
}

/** In English, the English text of a problem's reason; otherwise nothing (the server's Chinese detail is shown). */
export function reasonText(reason: string | undefined): string | undefined {
  if (!reason || activeLocale !== 'en') return undefined;
  const key = `reason.${reason}`;
  return isMessageKey(key) ? translate('en', key) : undefined;
}
