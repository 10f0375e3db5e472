import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api-client';

export type ResetPolicy = 'never' | 'yearly' | 'monthly';

/** 编号规则 — one rule per document type. */
export interface NumberRule {
  id: number;
  docType: string;
  name: string;
  pattern: string;
  reset: ResetPolicy;
  issued: boolean;
  nextPreview: string;
  updatedAt: string;
}

export interface NumberPreview {
  pattern: string;
  reset: ResetPolicy;
  unitCode: string;
  periodKey: string;
  lastValue: number;
  next: string;
}

export const numberRulesQueryKey = ['number-rules'] as const;

export function listNumberRules(): Promise<{ items: NumberRule[] }> {
  return api.get('/number-rules');
}

export function updateNumberRule(id: number, body: { name?: string; pattern?: string; reset?: ResetPolicy }): Promise<NumberRule> {
  return api.patch(`/number-rules/${id}`, body);
}

export function previewNumberRule(id: number, body: { pattern?: string; reset?: ResetPolicy; unitCode?: string }): Promise<NumberPreview> {
  return api.post(`/number-rules/${id}/preview`, body);
}

export function useNumberRules() {
  return useQuery({ queryKey: numberRulesQueryKey, queryFn: listNumberRules, select: (data) => data.items });
}
