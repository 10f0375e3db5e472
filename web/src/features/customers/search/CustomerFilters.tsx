import type { MessageKey } from '../../../app/i18n/dictionary';
import { DownOutlined, UpOutlined } from '@ant-design/icons';
import { Button, Checkbox, DatePicker, Flex, Input, Select, TreeSelect } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useAuth } from '../../../app/auth-context';
import { useDictionaryItems } from '../../dictionaries/dictionaries-api';
import { OrgUnitTreeSelect } from '../../org/OrgUnitTreeSelect';
import { UserSelect } from '../../users/UserSelect';
import { useGradeOptions } from '../grading/grading-api';
import { admissionLabel, customerDictionaries, customerFieldLabel } from '../labels';
import type { AdmissionStatus, CustomerFilters as Filters } from './list-api';
import { useT } from '../../../app/i18n/LocaleProvider';
import { TAG_SEPARATORS } from '../../../ui/tag-input';

type DictionaryField = 'industryCode' | 'natureCode' | 'sourceCode' | 'usageCode' | 'valueCode' | 'strategicCode' | 'lifecycleCode';

const dictionaryOf: Record<DictionaryField, string> = {
  industryCode: customerDictionaries.industryCode,
  natureCode: customerDictionaries.natureCode,
  sourceCode: customerDictionaries.sourceCode,
  usageCode: customerDictionaries.usageCodes,
  valueCode: customerDictionaries.valueCode,
  strategicCode: customerDictionaries.strategicCode,
  lifecycleCode: customerDictionaries.lifecycleCode,
};

const labelOf: Record<DictionaryField, MessageKey> = {
  industryCode: customerFieldLabel.industryCode,
  natureCode: customerFieldLabel.natureCode,
  sourceCode: customerFieldLabel.sourceCode,
  usageCode: customerFieldLabel.usageCodes,
  valueCode: customerFieldLabel.valueCode,
  strategicCode: customerFieldLabel.strategicCode,
  lifecycleCode: customerFieldLabel.lifecycleCode,
};

interface DictionaryFilterProps {
  field: DictionaryField;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  width?: number;
}

/** A dictionary picker; hierarchical dictionaries (industry, usage) pick a parent to include its children. */
function DictionaryFilter({ field, value, onChange, width = 160 }: DictionaryFilterProps) {
  const t = useT();
  const items = useDictionaryItems(dictionaryOf[field]);
  const tree = items.data?.tree;
  const placeholder = t(labelOf[field]);
  if (tree) {
    const treeData = tree.map((node) => ({
      value: node.code,
      title: node.parentCode === null && field === 'industryCode' ? `${node.code} ${node.label}` : node.label,
      children: node.children.map((child) => ({ value: child.code, title: field === 'industryCode' ? `${child.code} ${child.label}` : child.label })),
    }));
    return (
      <TreeSelect<string> aria-label={placeholder}
        allowClear
        showSearch={{ treeNodeFilterProp: 'title' }}
        placeholder={placeholder}
        value={value}
        onChange={(next) => onChange(next ?? undefined)}
        treeData={treeData}
        popupMatchSelectWidth={false}
        styles={{ popup: { root: { minWidth: 280, maxHeight: 400, overflow: 'auto' } } }}
        style={{ width }}
      />
    );
  }
  return (
    <Select<string> aria-label={placeholder}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={placeholder}
      value={value}
      onChange={(next) => onChange(next ?? undefined)}
      options={(items.data?.items ?? []).map((item) => ({ value: item.code, label: item.label }))}
      loading={items.isLoading}
      style={{ width }}
    />
  );
}

interface CustomerFiltersProps {
  value: Filters;
  onChange: (filters: Filters) => void;
}

/** The filter bar of the customer list: keyword, every classification dimension, owner, unit, grade, status, tags, dates. */
export function CustomerFilters({ value, onChange }: CustomerFiltersProps) {
  const t = useT();
  const { hasPermission } = useAuth();
  const [keyword, setKeyword] = useState(value.q ?? '');
  const [expanded, setExpanded] = useState(false);
  const gradeOptions = useGradeOptions();

  // A saved view or the header search may change the keyword from outside.
  useEffect(() => setKeyword(value.q ?? ''), [value.q]);

  const set = <K extends keyof Filters>(key: K, next: Filters[K] | undefined) => {
    const copy: Filters = { ...value };
    if (next === undefined || next === '' || (Array.isArray(next) && next.length === 0)) delete copy[key];
    else copy[key] = next as Filters[K];
    onChange(copy);
  };
  const dictionary = (field: DictionaryField, width?: number) => (
    <DictionaryFilter key={field} field={field} value={value[field]} onChange={(next) => set(field, next)} width={width} />
  );

  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap align="center">
        <Input.Search aria-label={t('customers.search.nameFragmentPinyinInitialsCode')}
          allowClear
          placeholder={t('customers.search.nameFragmentPinyinInitialsCode')}
          value={keyword}
          onChange={(event) => setKeyword(event.target.value)}
          onSearch={(text) => set('q', text.trim() || undefined)}
          style={{ width: 340 }}
          data-testid="customer-search-input"
        />
        {dictionary('lifecycleCode', 140)}
        {dictionary('industryCode', 200)}
        <Select<string> aria-label={t(customerFieldLabel.grade)}
          allowClear
          placeholder={t(customerFieldLabel.grade)}
          value={value.grade}
          onChange={(next) => set('grade', next ?? undefined)}
          options={gradeOptions}
          style={{ width: 120 }}
        />
        {hasPermission('user:read') && (
          <UserSelect aria-label={t(customerFieldLabel.ownerName)}
            placeholder={t(customerFieldLabel.ownerName)}
            value={typeof value.ownerId === 'number' ? value.ownerId : undefined}
            disabled={value.ownerId === 'none'}
            onChange={(next) => set('ownerId', next ?? undefined)}
            style={{ width: 180 }}
          />
        )}
        <Checkbox checked={value.ownerId === 'none'} onChange={(event) => set('ownerId', event.target.checked ? 'none' : undefined)}>
          {t('customers.search.sharedPoolOnly')}
                  </Checkbox>
        <Button type="link" onClick={() => setExpanded(!expanded)} icon={expanded ? <UpOutlined /> : <DownOutlined />} iconPlacement="end">
          {expanded ? t('customers.search.fewerFilters') : t('customers.search.moreFilters')}
        </Button>
      </Flex>
      {expanded && (
        <Flex gap={8} wrap align="center">
          {hasPermission('org:read') && (
            <OrgUnitTreeSelect aria-label={t('customers.search.withSubUnits', { unitName: t(customerFieldLabel.unitName) })}
              placeholder={t('customers.search.withSubUnits', { unitName: t(customerFieldLabel.unitName) })}
              value={value.unitId}
              onChange={(next) => set('unitId', next ?? undefined)}
              style={{ width: 200 }}
            />
          )}
          {dictionary('natureCode')}
          {dictionary('sourceCode')}
          {dictionary('usageCode')}
          {dictionary('valueCode', 130)}
          {dictionary('strategicCode', 130)}
          <Select<AdmissionStatus> aria-label={t(customerFieldLabel.admissionStatus)}
            allowClear
            placeholder={t(customerFieldLabel.admissionStatus)}
            value={value.admissionStatus}
            onChange={(next) => set('admissionStatus', next ?? undefined)}
            options={(Object.keys(admissionLabel) as AdmissionStatus[]).map((status) => ({ value: status, label: t(admissionLabel[status]!.text) }))}
            style={{ width: 150 }}
          />
          <Select<'true' | 'false'> aria-label={t('menu.blacklist')}
            allowClear
            placeholder={t('menu.blacklist')}
            value={value.blacklisted === undefined ? undefined : value.blacklisted ? 'true' : 'false'}
            onChange={(next) => set('blacklisted', next === undefined ? undefined : next === 'true')}
            options={[
              { value: 'true', label: t('customers.search.blacklisted') },
              { value: 'false', label: t('customers.search.notBlacklisted') },
            ]}
            style={{ width: 130 }}
          />
          <Select<string[]> aria-label={t('customers.search.tagsAny')}
            mode="tags"
            allowClear
            placeholder={t('customers.search.tagsAny')}
            value={value.tags ?? []}
            onChange={(next) => set('tags', next.map((tag) => tag.trim()).filter(Boolean).slice(0, 30))}
            tokenSeparators={TAG_SEPARATORS}
            open={false}
            suffixIcon={null}
            style={{ minWidth: 180 }}
          />
          <DatePicker aria-label={t('customers.search.notVerifiedSince')}
            placeholder={t('customers.search.notVerifiedSince')}
            value={value.notVerifiedSince ? dayjs(value.notVerifiedSince) : null}
            onChange={(date) => set('notVerifiedSince', date ? date.format('YYYY-MM-DD') : undefined)}
          />
          <DatePicker.RangePicker
            placeholder={[t('customers.search.createdFrom'), t('customers.search.createdTo')]}
            value={[value.createdFrom ? dayjs(value.createdFrom) : null, value.createdTo ? dayjs(value.createdTo) : null]}
            allowEmpty={[true, true]}
            onChange={(dates) => {
              const copy: Filters = { ...value, createdFrom: dates?.[0]?.format('YYYY-MM-DD'), createdTo: dates?.[1]?.format('YYYY-MM-DD') };
              if (!copy.createdFrom) delete copy.createdFrom;
              if (!copy.createdTo) delete copy.createdTo;
              onChange(copy);
            }}
          />
        </Flex>
      )}
    </Flex>
  );
}
