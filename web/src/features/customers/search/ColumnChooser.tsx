import type { MessageKey } from '../../../app/i18n/dictionary';
import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Divider, Flex, Popover, Tooltip } from 'antd';
import { useT } from '../../../app/i18n/LocaleProvider';

export interface ChoosableColumn {
  key: string;
  title: MessageKey;
  /** Always shown (e.g. the name); cannot be hidden. */
  fixed?: boolean;
}

interface ColumnChooserProps {
  columns: ChoosableColumn[];
  /** Keys of the visible columns. */
  value: string[];
  onChange: (keys: string[]) => void;
  defaultKeys: string[];
}

/** 列设置: choose which columns the list shows; the page persists the choice. */
export function ColumnChooser({ columns, value, onChange, defaultKeys }: ColumnChooserProps) {
  const t = useT();
  const visible = new Set(value);
  const content = (
    <Flex vertical gap={4} style={{ minWidth: 180 }}>
      {columns.map((column) => (
        <Checkbox
          key={column.key}
          checked={column.fixed || visible.has(column.key)}
          disabled={column.fixed}
          onChange={(event) => {
            // Keep the columns in their natural order whatever the click order.
            const next = columns.filter((c) => c.fixed || (c.key === column.key ? event.target.checked : visible.has(c.key))).map((c) => c.key);
            onChange(next);
          }}
        >
          {t(column.title)}
        </Checkbox>
      ))}
      <Divider style={{ margin: '4px 0' }} />
      <Button size="small" type="link" onClick={() => onChange(defaultKeys)} style={{ alignSelf: 'flex-start', padding: 0 }}>
        {t('customers.search.defaultColumns')}
              </Button>
    </Flex>
  );
  return (
    <Popover content={content} title={t('customers.search.columnsShown')} trigger="click" placement="bottomRight">
      <Tooltip title={t('customers.search.columns')}>
        <Button icon={<SettingOutlined />} aria-label={t('customers.search.columns')} data-testid="customer-columns" />
      </Tooltip>
    </Popover>
  );
}
