import { useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from '../api-client';
import { appTheme } from '../theme';
import { setActiveLocale, translate, type Locale, type MessageKey, type MessageValues } from './dictionary';

const storageKey = 'zs_locale';

interface LocaleContextValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, values?: MessageValues) => string;
}

const LocaleContext = createContext<LocaleContextValue | null>(null);

function readStoredLocale(): Locale {
  try {
    return window.localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

function applyLocale(locale: Locale): void {
  setActiveLocale(locale);
  setApiLanguage(locale);
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = locale;
}

const initialLocale = readStoredLocale();
applyLocale(initialLocale);

export function LocaleProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [locale, setLocaleState] = useState<Locale>(initialLocale);

  const setLocale = useCallback((next: Locale) => {
    applyLocale(next);
    try {
      window.localStorage.setItem(storageKey, next);
    } catch {
      // private mode: the choice lasts for this tab only
    }
    setLocaleState(next);
    // Names the server composes (dictionary labels, approval types, jobs) come in the new language.
    void queryClient.invalidateQueries();
  }, [queryClient]);

  useEffect(() => {
    document.title = translate(locale, 'app.name');
  }, [locale]);

  const value = useMemo<LocaleContextValue>(
    () => ({ locale, setLocale, t: (key, values) => translate(locale, key, values) }),
    [locale, setLocale],
  );

  return (
    <LocaleContext.Provider value={value}>
      <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={appTheme} button={{ autoInsertSpace: false }}>
        <AntdApp>{children}</AntdApp>
      </ConfigProvider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): LocaleContextValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale must be used inside <LocaleProvider>');
  return value;
}

/** The translation function for the current language. */
export function useT(): LocaleContextValue['t'] {
  return useLocale().t;
}
