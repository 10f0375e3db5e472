import { Card, Checkbox, Col, Flex, Row, Select, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useLocale } from '../../app/i18n/LocaleProvider';
import { dataScopes, type DataScope, type PermissionDefinition, type ScopedResource } from './roles-api';

interface PermissionGroupsProps {
  permissions: PermissionDefinition[];
  granted: Set<string>;
  disabled: boolean;
  onChange: (next: Set<string>) => void;
}

/** Checkboxes grouped by the catalogue's `group`, each group with a select-all box. */
export function PermissionGroups({ permissions, granted, disabled, onChange }: PermissionGroupsProps) {
  const { locale } = useLocale();
  const groups = useMemo(() => {
    const map = new Map<string, PermissionDefinition[]>();
    for (const permission of permissions) {
      const list = map.get(permission.group) ?? [];
      list.push(permission);
      map.set(permission.group, list);
    }
    return [...map.entries()];
  }, [permissions]);

  const setMany = (codes: string[], checked: boolean) => {
    const next = new Set(granted);
    for (const code of codes) {
      if (checked) next.add(code);
      else next.delete(code);
    }
    onChange(next);
  };

  return (
    <Flex vertical gap={12}>
      {groups.map(([group, items]) => {
        const codes = items.map((item) => item.code);
        const count = codes.filter((code) => granted.has(code)).length;
        return (
          <Card
            key={group}
            size="small"
            type="inner"
            title={
              <Checkbox
                checked={count === codes.length}
                indeterminate={count > 0 && count < codes.length}
                disabled={disabled}
                onChange={(event) => setMany(codes, event.target.checked)}
              >
                <Typography.Text strong>{group}</Typography.Text>
                <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontWeight: 'normal' }}>
                  {count}/{codes.length}
                </Typography.Text>
              </Checkbox>
            }
          >
            <Row gutter={[12, 10]}>
              {items.map((permission) => (
                <Col key={permission.code} xs={24} sm={12} xl={8}>
                  <Checkbox
                    checked={granted.has(permission.code)}
                    disabled={disabled}
                    onChange={(event) => setMany([permission.code], event.target.checked)}
                    data-permission={permission.code}
                  >
                    <span>{locale === 'en' ? permission.nameEn : permission.name}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                      {permission.code}
                    </Typography.Text>
                  </Checkbox>
                </Col>
              ))}
            </Row>
          </Card>
        );
      })}
    </Flex>
  );
}

interface DataScopeTableProps {
  resources: ScopedResource[];
  scopes: Record<string, DataScope>;
  disabled: boolean;
  onChange: (resource: string, scope: DataScope) => void;
}

/** One scope per scoped resource: 本人 / 本部门 / 本部门及下级 / 全部. */
export function DataScopeTable({ resources, scopes, disabled, onChange }: DataScopeTableProps) {
  const { t, locale } = useLocale();
  const options = dataScopes.map((scope) => ({ value: scope, label: t(`roles.scope.${scope}`) }));
  return (
    <Table<ScopedResource>
      rowKey="code"
      size="small"
      pagination={false}
      dataSource={resources}
      columns={[
        {
          title: t('roles.resource'),
          key: 'name',
          render: (_value, resource) => (
            <span>
              {locale === 'en' ? resource.nameEn : resource.name}
              <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                {resource.code}
              </Typography.Text>
            </span>
          ),
        },
        {
          title: t('roles.scope'),
          key: 'scope',
          width: 220,
          render: (_value, resource) => (
            <Select<DataScope>
              aria-label={`${t('roles.scope')} · ${locale === 'en' ? resource.nameEn : resource.name}`}
              value={scopes[resource.code] ?? 'self'}
              options={options}
              disabled={disabled}
              onChange={(scope) => onChange(resource.code, scope)}
              style={{ width: 200 }}
              data-scope-resource={resource.code}
            />
          ),
        },
      ]}
    />
  );
}
