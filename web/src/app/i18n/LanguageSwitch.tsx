import { TranslationOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useLocale } from './LocaleProvider';
import { languageLabels } from './languages';


export function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { locale, setLocale, t } = useLocale();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: [
          { key: 'zh-CN', label: <span data-testid="language-zh">{languageLabels['zh-CN']}</span> },
          { key: 'en', label: <span data-testid="language-en">{languageLabels.en}</span> },
        ],
        onClick: ({ key }) => setLocale(key === 'en' ? 'en' : 'zh-CN'),
      }}
    >
      <Button
        type="text"
        icon={<TranslationOutlined />}
        // The accessible name starts with the visible text (WCAG 2.5.3 label in name).
        aria-label={`${languageLabels[locale]} · ${t('language.switch')}`}
        data-testid="language-switch"
        style={dark ? { color: '#fff' } : undefined}
      >
        {languageLabels[locale]}
      </Button>
    </Dropdown>
  );
}
