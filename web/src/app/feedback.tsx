import { App as AntdApp } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import { useEffect } from 'react';
import { isApiError } from './api-client';

/**
 * Lets code outside React (the query cache) show antd messages that follow the current theme
 * and locale. <FeedbackBridge /> hands the context-aware instance over once mounted.
 */
let messageInstance: MessageInstance | null = null;

export function FeedbackBridge() {
  const { message } = AntdApp.useApp();
  useEffect(() => {
    messageInstance = message;
    return () => {
      messageInstance = null;
    };
  }, [message]);
  return null;
}

/** Show an error's server `detail`; 401s are left to the sign-in redirect. */
export function reportError(error: unknown): void {
  if (isApiError(error) && error.status === 401) return;
  const text = error instanceof Error ? error.message : String(error);
  messageInstance?.error({ content: text, key: text, duration: 4 });
}
