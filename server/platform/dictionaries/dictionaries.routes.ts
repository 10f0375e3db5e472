import { z } from 'zod';
import type { Deps } from '../deps';
import { problemResponses } from '../http/problem';
import { contextOf, type AppInstance } from '../http/types';
import {
  createDictionaryItemBody,
  dictionaryCodeParam,
  dictionaryItemParams,
  dictionaryItemSchema,
  dictionaryItemsResult,
  dictionarySchema,
  listItemsQuery,
  reorderItemsBody,
  updateDictionaryItemBody,
} from './dictionaries.schema';
import {
  createDictionaryItem,
  deleteDictionaryItem,
  listDictionaries,
  listDictionaryItems,
  reorderDictionaryItems,
  updateDictionaryItem,
} from './dictionaries.service';

const tags = ['数据字典'];

export function dictionariesRoutes(app: AppInstance, deps: Deps) {
  app.get(
    '/api/v1/dictionaries',
    {
      config: { auth: 'session' },
      schema: { tags, summary: '数据字典列表', response: { 200: z.object({ items: z.array(dictionarySchema) }), ...problemResponses } },
    },
    async (request) => ({ items: await listDictionaries(deps, contextOf(request)) }),
  );
  app.get(
    '/api/v1/dictionaries/:code/items',
    {
      config: { auth: 'session' },
      schema: {
        tags,
        summary: '字典项目（分级字典同时返回树）',
        description: '所有登录用户可读启用的项目；有 system:manage 权限者可用 includeDisabled=true 查看已停用项目。',
        params: dictionaryCodeParam,
        querystring: listItemsQuery,
        response: { 200: dictionaryItemsResult, ...problemResponses },
      },
    },
    async (request) => listDictionaryItems(deps, contextOf(request), request.params.code, request.query),
  );
  app.post(
    '/api/v1/dictionaries/:code/items',
    {
      config: { permission: 'system:manage' },
      schema: {
        tags,
        summary: '新增字典项目',
        params: dictionaryCodeParam,
        body: createDictionaryItemBody,
        response: { 201: dictionaryItemSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createDictionaryItem(deps, contextOf(request), request.params.code, request.body)),
  );
  app.post(
    '/api/v1/dictionaries/:code/items/reorder',
    {
      config: { permission: 'system:manage' },
      schema: {
        tags,
        summary: '调整同一级字典项目的顺序',
        params: dictionaryCodeParam,
        body: reorderItemsBody,
        response: { 200: dictionaryItemsResult, ...problemResponses },
      },
    },
    async (request) => reorderDictionaryItems(deps, contextOf(request), request.params.code, request.body),
  );
  app.patch(
    '/api/v1/dictionaries/:code/items/:id',
    {
      config: { permission: 'system:manage' },
      schema: {
        tags,
        summary: '修改字典项目（名称、上级、排序、启用/停用）',
        description: '编码一经创建不能修改；不再使用的项目请停用（enabled=false）。',
        params: dictionaryItemParams,
        body: updateDictionaryItemBody,
        response: { 200: dictionaryItemSchema, ...problemResponses },
      },
    },
    async (request) => updateDictionaryItem(deps, contextOf(request), request.params.code, request.params.id, request.body),
  );
  app.delete(
    '/api/v1/dictionaries/:code/items/:id',
    {
      config: { permission: 'system:manage' },
      schema: {
        tags,
        summary: '删除自定义字典项目（内置项目只能停用）',
        params: dictionaryItemParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deleteDictionaryItem(deps, contextOf(request), request.params.code, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
