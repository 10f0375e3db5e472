import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api-client';
import type { MessageKey } from '../../app/i18n/dictionary';
import type { Occupancy, Occupant, SpaceDetail, UnitStatus, UnitSummary } from '../../../../server/modules/leasing';

// 房源 (R-LEA-01…03): /api/v1/spaces. Areas and rents are decimal strings ("1500.00").

export type { Occupancy, Occupant, SpaceDetail, UnitStatus, UnitSummary };
export type SpaceLevel = SpaceDetail['level'];
export type UnitType = NonNullable<UnitSummary['unitType']>;

export interface SpaceNode {
  id: number;
  parentId: number | null;
  level: SpaceLevel;
  code: string;
  fullCode: string;
  name: string;
  unitCount: number;
  sortOrder: number;
}

export interface SpaceInput {
  parentId?: number | null;
  code?: string;
  name?: string;
  unitType?: UnitType;
  grossArea?: string | null;
  usableArea?: string | null;
  floorLoad?: string | null;
  ceilingHeight?: string | null;
  facilities?: string[];
  listRent?: string | null;
  rentBasis?: 'day' | 'month';
  condition?: 'available' | 'maintenance' | 'unavailable';
  availableFrom?: string;
  note?: string | null;
}

export interface UnitPage {
  items: UnitSummary[];
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

export const spacesKey = ['spaces'] as const;

export const statusLabels: Record<UnitStatus, { label: MessageKey; color: string; tile: string; border: string }> = {
  vacant: { label: 'spaces.status.vacant', color: 'green', tile: '#f6ffed', border: '#237804' },
  reserved: { label: 'spaces.status.reserved', color: 'gold', tile: '#fffbe6', border: '#874d00' },
  leased: { label: 'spaces.status.leased', color: 'blue', tile: '#e6f4ff', border: '#003eb3' },
  maintenance: { label: 'spaces.status.maintenance', color: 'orange', tile: '#fff2e8', border: '#873800' },
  unavailable: { label: 'spaces.status.unavailable', color: 'default', tile: '#f5f5f5', border: '#434343' },
  retired: { label: 'spaces.status.retired', color: 'default', tile: '#fafafa', border: '#595959' },
};

export const unitTypeLabels: Record<UnitType, MessageKey> = {
  bay: 'spaces.type.bay',
  yard: 'spaces.type.yard',
  office: 'spaces.type.office',
  shop: 'spaces.type.shop',
};

export const levelLabels: Record<SpaceLevel, MessageKey> = {
  park: 'spaces.level.park',
  building: 'spaces.level.building',
  floor: 'spaces.level.floor',
  unit: 'spaces.level.unit',
};

export const childLevelOf: Record<SpaceLevel, SpaceLevel | null> = { park: 'building', building: 'floor', floor: 'unit', unit: null };

export function getTree(): Promise<{ items: SpaceNode[] }> {
  return api.get('/spaces/tree');
}

export function listUnits(query: { parentId?: number; date?: string; status?: UnitStatus; unitType?: UnitType; q?: string; page?: number; pageSize?: number; sort?: string }): Promise<UnitPage> {
  return api.get('/spaces/units', query);
}

export function getSpace(id: number, date?: string): Promise<SpaceDetail> {
  return api.get(`/spaces/${id}`, { date });
}

export function getOccupancy(parentId: number | undefined, date: string): Promise<Occupancy> {
  return api.get('/spaces/occupancy', { parentId, date });
}

export function createSpace(body: SpaceInput): Promise<SpaceDetail> {
  return api.post('/spaces', body);
}

export function updateSpace(id: number, body: SpaceInput): Promise<SpaceDetail> {
  return api.patch(`/spaces/${id}`, body);
}

export function splitUnit(id: number, body: { parts: { code: string; name?: string; usableArea: string; grossArea?: string }[] }): Promise<{ ids: number[] }> {
  return api.post(`/spaces/${id}/split`, body);
}

export function mergeUnits(body: { unitIds: number[]; code: string; name: string }): Promise<{ id: number }> {
  return api.post('/spaces/merge', body);
}

export function reserveUnit(id: number, body: { customerId: number; startDate?: string; endDate: string; note?: string | null }): Promise<{ id: number }> {
  return api.post(`/spaces/${id}/reservations`, body);
}

export function releaseReservation(id: number): Promise<void> {
  return api.post(`/space-reservations/${id}/release`);
}

export function useSpaceTree() {
  return useQuery({ queryKey: [...spacesKey, 'tree'], queryFn: getTree });
}

export function useUnits(query: Parameters<typeof listUnits>[0]) {
  return useQuery({ queryKey: [...spacesKey, 'units', query], queryFn: () => listUnits(query), placeholderData: keepPreviousData });
}
