import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useLocale } from '../../app/i18n/LocaleProvider';
import { api } from '../../app/api-client';

/** 数据字典 — one code list. */
export interface Dictionary {
  code: string;
  name: string;
  nameEn: string;
  description: string;
  builtIn: boolean;
  hierarchical: boolean;
  itemCount: number;
  enabledCount: number;
}

export interface DictionaryItem {
  id: number;
  dictionaryCode: string;
  code: string;
  label: string;
  labelEn: string;
  parentCode: string | null;
  sortOrder: number;
  enabled: boolean;
  builtIn: boolean;
  updatedAt: string;
}

export interface DictionaryTreeNode extends DictionaryItem {
  children: DictionaryItem[];
}

export interface DictionaryItems {
  dictionary: Dictionary;
  items: DictionaryItem[];
  tree: DictionaryTreeNode[] | null;
}

export interface DictionaryItemBody {
  code: string;
  label: string;
  labelEn?: string;
  parentCode?: string | null;
  sortOrder?: number;
  enabled?: boolean;
}

export const dictionariesQueryKey = ['dictionaries'] as const;
export const dictionaryItemsQueryKey = (code: string, includeDisabled: boolean) => ['dictionaries', code, 'items', includeDisabled] as const;

export function listDictionaries(): Promise<{ items: Dictionary[] }> {
  return api.get('/dictionaries');
}

export function listDictionaryItems(code: string, includeDisabled: boolean): Promise<DictionaryItems> {
  return api.get(`/dictionaries/${code}/items`, includeDisabled ? { includeDisabled: 'true' } : undefined);
}

export function createDictionaryItem(code: string, body: DictionaryItemBody): Promise<DictionaryItem> {
  return api.post(`/dictionaries/${code}/items`, body);
}

export function updateDictionaryItem(code: string, id: number, body: Partial<Omit<DictionaryItemBody, 'code'>>): Promise<DictionaryItem> {
  return api.patch(`/dictionaries/${code}/items/${id}`, body);
}

export function reorderDictionaryItems(code: string, ids: number[]): Promise<DictionaryItems> {
  return api.post(`/dictionaries/${code}/items/reorder`, { ids });
}

export function deleteDictionaryItem(code: string, id: number): Promise<void> {
  return api.delete(`/dictionaries/${code}/items/${id}`);
}

export function useDictionaries() {
  return useQuery({ queryKey: dictionariesQueryKey, queryFn: listDictionaries, select: (data) => data.items });
}

/** Enabled items of one dictionary, for pickers in other features (e.g. a customer's industry). */
export function useDictionaryItems(code: string, includeDisabled = false, options: { localize?: boolean } = {}) {
  const { locale } = useLocale();
  const localize = options.localize !== false && locale === 'en';
  return useQuery({
    queryKey: dictionaryItemsQueryKey(code, includeDisabled),
    queryFn: () => listDictionaryItems(code, includeDisabled),
    enabled: Boolean(code),
    // Pickers and labels show the item's English name in English (the Chinese one when none is set).
    select: useCallback((data: DictionaryItems) => (localize ? localized(data) : data), [localize]),
  });
}

const inEnglish = <T extends DictionaryItem>(item: T): T => ({ ...item, label: item.labelEn || item.label });

function localized(data: DictionaryItems): DictionaryItems {
  return {
    dictionary: { ...data.dictionary, name: data.dictionary.nameEn || data.dictionary.name },
    items: data.items.map(inEnglish),
    tree: data.tree?.map((node) => ({ ...inEnglish(node), children: node.children.map(inEnglish) })) ?? null,
  };
}
