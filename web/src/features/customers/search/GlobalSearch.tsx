import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { AutoComplete, Flex, Input, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../../app/auth-context';
import { isSearchable, matchKindLabel, searchCustomers } from './list-api';
import { useT } from '../../../app/i18n/LocaleProvider';

/**
 * The header's global customer search (R-CUS-32): type a name fragment, pinyin initials, code,
 * USCC, contact name or phone; the best matches appear as you type; Enter opens the customer
 * list filtered by the keyword.
 */
export function GlobalSearch({ width = 280 }: { width?: number }) {
  const t = useT();
  const navigate = useNavigate();
  const { hasPermission } = useAuth();
  const [text, setText] = useState('');
  const [debounced, setDebounced] = useState('');
  /** Set when Enter picked a highlighted option, so the same Enter does not also open the list. */
  const selected = useRef(false);

  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(text.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [text]);

  const enabled = hasPermission('customer:read') && isSearchable(debounced);
  const results = useQuery({
    queryKey: ['customers', 'search', debounced],
    queryFn: () => searchCustomers(debounced, 8),
    enabled,
    staleTime: 30_000,
    meta: { silent: true },
  });

  const options = useMemo(
    () =>
      (enabled ? (results.data?.items ?? []) : []).map((hit) => ({
        value: String(hit.id),
        label: (
          <Flex vertical gap={0} style={{ padding: '2px 0' }}>
            <Flex justify="space-between" gap={8}>
              <Typography.Text strong ellipsis style={{ maxWidth: width - 80 }}>
                {hit.name}
              </Typography.Text>
              <Tag bordered={false} style={{ marginInlineEnd: 0 }}>
                {t(matchKindLabel[hit.matchedBy])}
              </Tag>
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {hit.code} · {hit.ownerName ?? t('customers.search.sharedPool')}
              {hit.matchedText ? ` · ${hit.matchedText}` : ''}
            </Typography.Text>
          </Flex>
        ),
      })),
    [enabled, results.data, width],
  );

  if (!hasPermission('customer:read')) return null;

  const openList = (value: string) => {
    const keyword = value.trim();
    if (!keyword) return;
    setText('');
    navigate(`/customers?q=${encodeURIComponent(keyword)}`);
  };

  return (
    <AutoComplete
      value={text}
      options={options}
      onChange={(value: string) => {
        selected.current = false;
        setText(value);
      }}
      onSelect={(id: string) => {
        selected.current = true;
        setText('');
        navigate(`/customers/${id}`);
      }}
      defaultActiveFirstOption={false}
      popupMatchSelectWidth={Math.max(width, 340)}
      style={{ width }}
      notFoundContent={enabled && !results.isFetching ? t('customers.search.noMatchingCustomers') : undefined}
      data-testid="global-search"
    >
      <Input
        prefix={<SearchOutlined />}
        placeholder={t('customers.search.searchCustomersNamePinyinInitials')}
        allowClear
        aria-label={t('customers.search.searchCustomers')}
        onPressEnter={() => {
          // Enter on a highlighted option opens that customer; otherwise the list with the keyword.
          const keyword = text;
          window.setTimeout(() => {
            if (!selected.current) openList(keyword);
          }, 0);
        }}
      />
    </AutoComplete>
  );
}
