import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { useT } from '../../../app/i18n/LocaleProvider';
import { searchCustomers } from './list-api';

/** A customer chosen by typing two characters of its name, code or phone (within the caller's scope). */
export function CustomerPicker({ value, onChange, disabledLabel, onLabel, testId = 'contract-customer' }: { value?: number; onChange?: (id: number) => void; disabledLabel?: string; onLabel?: (label: string) => void; testId?: string }) {
  const t = useT();
  const [q, setQ] = useState('');
  const hits = useQuery({ queryKey: ['customer-search', q], queryFn: () => searchCustomers(q, 10), enabled: q.trim().length >= 2 });
  if (disabledLabel) return <Select aria-label={t('contracts.customer')} disabled value={value} options={[{ value, label: disabledLabel }]} />;
  return (
    <Select
      aria-label={t('contracts.pickCustomer')}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(id: number, option) => {
        onChange?.(id);
        if (option && !Array.isArray(option)) onLabel?.(String(option.label));
      }}
      placeholder={t('contracts.pickCustomer')}
      loading={hits.isFetching}
      options={(hits.data?.items ?? []).map((hit) => ({ value: hit.id, label: t('customers.search.pickerOption', { name: hit.name, code: hit.code }) }))}
      data-testid={testId}
    />
  );
}

