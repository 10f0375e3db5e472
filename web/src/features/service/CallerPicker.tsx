import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api } from '../../app/api-client';
import { useT } from '../../app/i18n/LocaleProvider';

/** 来电客户: any customer by 2+ characters of its name or its code (id, name and code only). */
export function CallerPicker({ value, onChange }: { value?: number; onChange?: (id: number) => void }) {
  const t = useT();
  const [q, setQ] = useState('');
  const hits = useQuery({ queryKey: ['ticket-callers', q], queryFn: () => api.get<{ id: number; name: string; code: string }[]>('/tickets/customer-lookup', { q }), enabled: q.trim().length >= 2 });
  return (
    <Select<number>
      showSearch
      aria-label={t('tickets.customer')}
      data-testid="ticket-customer"
      placeholder={t('tickets.callerPlaceholder')}
      filterOption={false}
      value={value}
      onChange={onChange}
      onSearch={setQ}
      notFoundContent={q.trim().length >= 2 ? t('tickets.callerNone') : t('tickets.callerHint')}
      options={(hits.data ?? []).map((hit) => ({ value: hit.id, label: t('tickets.callerOption', { name: hit.name, code: hit.code }) }))}
    />
  );
}
