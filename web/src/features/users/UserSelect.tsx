import { useQuery } from '@tanstack/react-query';
import { Select, type SelectProps } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useT } from '../../app/i18n/LocaleProvider';
import { listUsers } from './users-api';

type UserSelectProps = Omit<SelectProps<number>, 'options' | 'showSearch' | 'mode'> & {
  /** Label for the current value before a search has loaded it (e.g. managerName). */
  initialLabel?: string | null;
};

/** Picks one user by searching name or username on the server. */
export function UserSelect({ initialLabel, value, ...props }: UserSelectProps) {
  const t = useT();
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');

  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(search.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [search]);

  const users = useQuery({
    queryKey: ['users', 'picker', debounced],
    queryFn: () => listUsers({ page: 1, pageSize: 20, q: debounced, sort: 'displayName:asc' }),
    meta: { silent: true },
    staleTime: 60_000,
  });

  const options = useMemo(() => {
    const list = (users.data?.items ?? []).map((user) => ({
      value: user.id,
      label: t('users.selectOption', { name: user.displayName, username: user.username }),
    }));
    if (value !== undefined && value !== null && initialLabel && !list.some((option) => option.value === value)) {
      list.unshift({ value, label: initialLabel });
    }
    return list;
  }, [users.data, value, initialLabel, t]);

  return (
    <Select<number> aria-label={t('users.pickUser')}
      value={value}
      options={options}
      loading={users.isFetching}
      placeholder={t('users.pickUser')}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      notFoundContent={users.isFetching ? t('common.loading') : undefined}
      {...props}
    />
  );
}
