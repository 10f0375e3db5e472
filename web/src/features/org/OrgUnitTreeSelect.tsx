import { TreeSelect, type TreeSelectProps } from 'antd';
import { useMemo } from 'react';
import { useAuth } from '../../app/auth-context';
import { buildOrgTree, useOrgUnits, type OrgUnitNode } from './org-api';

interface TreeOption {
  value: number;
  title: string;
  disabled?: boolean;
  children?: TreeOption[];
}

function toOptions(nodes: OrgUnitNode[], disabledIds?: Set<number>): TreeOption[] {
  return nodes.map((node) => ({
    value: node.id,
    title: node.name,
    disabled: disabledIds?.has(node.id),
    children: node.children ? toOptions(node.children, disabledIds) : undefined,
  }));
}

type OrgUnitTreeSelectProps = Omit<TreeSelectProps<number>, 'treeData'> & {
  /** Units that may not be picked (e.g. a unit's own subtree when choosing its parent). */
  disabledIds?: Set<number>;
};

/** Picks one org unit from the tree; searchable by name. Value is the unit id. */
export function OrgUnitTreeSelect({ disabledIds, ...props }: OrgUnitTreeSelectProps) {
  const { hasPermission } = useAuth();
  const units = useOrgUnits(hasPermission('org:read'));
  const treeData = useMemo(() => toOptions(buildOrgTree(units.data ?? []), disabledIds), [units.data, disabledIds]);
  return (
    <TreeSelect<number>
      treeData={treeData}
      loading={units.isLoading}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      allowClear
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 260, maxHeight: 400, overflow: 'auto' } } }}
      {...props}
    />
  );
}
