import { useQuery } from '@tanstack/react-query';
import { Select, type SelectProps } from 'antd';
import { useEffect, useState } from 'react';
import { listOwnerCandidates, ownershipQueryKey } from './ownership-api';
import { useT } from '../../../app/i18n/LocaleProvider';

/** Picks the person who receives a customer (name and unit; searched on the server). */
export function OwnerCandidateSelect(props: Omit<SelectProps<number>, 'options' | 'showSearch'>) {
  const t = useT();
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(search.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [search]);
  const candidates = useQuery({
    queryKey: [...ownershipQueryKey, 'candidates', debounced],
    queryFn: () => listOwnerCandidates(debounced),
    staleTime: 60_000,
  });
  return (
    <Select<number> aria-label={t('development.ownership.typeANameToSearch')}
      placeholder={t('development.ownership.typeANameToSearch')}
      allowClear
      loading={candidates.isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      options={(candidates.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.unitName}）` }))}
      {...props}
    />
  );
}
