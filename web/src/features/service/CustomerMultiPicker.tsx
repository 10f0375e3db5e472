import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useRef, useState } from 'react';
import { api } from '../../app/api-client';
import { useT } from '../../app/i18n/LocaleProvider';

/** Several customers by 2+ characters of the name or code; keeps the names of those chosen. */
export function CustomerMultiPicker({ value, onChange, label }: { value?: number[]; onChange?: (ids: number[]) => void; label: string }) {
  const t = useT();
  const [q, setQ] = useState('');
  const seen = useRef(new Map<number, string>());
  const hits = useQuery({ queryKey: ['ticket-callers', q], queryFn: () => api.get<{ id: number; name: string; code: string }[]>('/tickets/customer-lookup', { q }), enabled: q.trim().length >= 2 });
  for (const hit of hits.data ?? []) seen.current.set(hit.id, t('tickets.callerOption', { name: hit.name, code: hit.code }));
  const ids = new Set([...(value ?? []), ...(hits.data ?? []).map((hit) => hit.id)]);
  return (
    <Select<number[]>
      mode="multiple"
      showSearch
      aria-label={label}
      data-testid="incident-customers"
      placeholder={t('incidents.customersHint')}
      filterOption={false}
      value={value}
      onChange={onChange}
      onSearch={setQ}
      notFoundContent={q.trim().length >= 2 ? t('tickets.callerNone') : t('tickets.callerHint')}
      options={[...ids].map((id) => ({ value: id, label: seen.current.get(id) ?? String(id) }))}
    />
  );
}
