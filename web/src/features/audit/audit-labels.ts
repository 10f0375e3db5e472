import type { MessageKey, MessageValues } from '../../app/i18n/dictionary';
import { isMessageKey } from '../../app/i18n/dictionary';

type Translate = (key: MessageKey, values?: MessageValues) => string;

export const actionColor: Record<string, string> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  view: 'cyan',
  export: 'purple',
  login: 'geekblue',
  login_failed: 'volcano',
  logout: 'default',
  password_change: 'gold',
  password_reset: 'orange',
};

/** Every recorded action in words (an action added later shows its code until it is translated). */
export function actionLabel(t: Translate, action: string): string {
  const key = `audit.action.${action}`;
  return isMessageKey(key) ? t(key) : action;
}

/** Known record types get a translated name; new ones show their code until translated. */
export function entityTypeLabel(t: Translate, entityType: string): string {
  const key = `audit.entity.${entityType}`;
  return isMessageKey(key) ? t(key) : entityType;
}
