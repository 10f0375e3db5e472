import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api-client';

export const orgUnitKinds = ['company', 'branch', 'department', 'team'] as const;
export type OrgUnitKind = (typeof orgUnitKinds)[number];

/** 组织机构 — one node of the org tree, as listed flat by the server. */
export interface OrgUnit {
  id: number;
  parentId: number | null;
  name: string;
  code: string;
  kind: OrgUnitKind;
  managerId: number | null;
  managerName: string | null;
  sortOrder: number;
  userCount: number;
}

export interface OrgUnitNode extends OrgUnit {
  children?: OrgUnitNode[];
}

export interface OrgUnitBody {
  name: string;
  code: string;
  parentId: number | null;
  kind: OrgUnitKind;
  managerId?: number | null;
  sortOrder?: number;
}

export const orgUnitsQueryKey = ['org-units'] as const;

export function listOrgUnits(): Promise<{ items: OrgUnit[] }> {
  return api.get('/org-units');
}

export function createOrgUnit(body: OrgUnitBody): Promise<OrgUnit> {
  return api.post('/org-units', body);
}

export function updateOrgUnit(id: number, body: Partial<OrgUnitBody>): Promise<OrgUnit> {
  return api.patch(`/org-units/${id}`, body);
}

export function deleteOrgUnit(id: number): Promise<void> {
  return api.delete(`/org-units/${id}`);
}

/** The flat list, shared by the org page and every unit picker. */
export function useOrgUnits(enabled = true) {
  return useQuery({ queryKey: orgUnitsQueryKey, queryFn: listOrgUnits, select: (data) => data.items, enabled });
}

/**
 * Builds the tree from parentId links, siblings ordered by sortOrder then name. Units whose
 * parent is not in the list (outside the viewer's scope) become roots.
 */
export function buildOrgTree(units: OrgUnit[]): OrgUnitNode[] {
  const nodes = new Map<number, OrgUnitNode>();
  for (const unit of units) nodes.set(unit.id, { ...unit });
  const roots: OrgUnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent && parent !== node) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const order = (list: OrgUnitNode[]) => {
    list.sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh-CN'));
    for (const node of list) if (node.children) order(node.children);
  };
  order(roots);
  return roots;
}

/** Ids of a unit and everything below it (a unit cannot move under its own subtree). */
export function subtreeIds(units: OrgUnit[], rootId: number): Set<number> {
  const result = new Set<number>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of units) {
      if (unit.parentId !== null && result.has(unit.parentId) && !result.has(unit.id)) {
        result.add(unit.id);
        grew = true;
      }
    }
  }
  return result;
}
