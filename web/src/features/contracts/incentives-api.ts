import { api } from '../../app/api-client';

// 标准优惠政策 (R-LEA-35).
export interface IncentivePackage {
  id: number;
  projectId: number;
  projectName: string;
  name: string;
  freeMonths: number;
  validFrom: string;
  validTo: string | null;
  active: boolean;
  note: string;
}
export const incentivesKey = ['incentive-packages'] as const;
export const listIncentivePackages = () => api.get<IncentivePackage[]>('/incentive-packages');
