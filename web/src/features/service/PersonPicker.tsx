import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { listAssignableUsers } from '../tasks/tasks-api';

/** A colleague by name (name · unit), searched on the server. */
export function PersonPicker({ value, onChange, label, allowClear, testId }: { value?: number | null; onChange?: (id: number | null) => void; label: string; allowClear?: boolean; testId?: string }) {
  const [search, setSearch] = useState('');
  const users = useQuery({ queryKey: ['tasks', 'assignable', search], queryFn: () => listAssignableUsers(search || undefined), staleTime: 30_000 });
  const options = (users.data?.items ?? []).map((user) => ({ value: user.id, label: `${user.displayName} · ${user.unitName}` }));
  return (
    <Select<number>
      showSearch
      allowClear={allowClear}
      aria-label={label}
      data-testid={testId}
      filterOption={false}
      onSearch={setSearch}
      options={options}
      value={value ?? undefined}
      onChange={(id) => onChange?.(id ?? null)}
    />
  );
}
