import { customerFiltersSchema } from './search.schema';

// 保存的客户列表视图 (R-PLT-62): the customer list's views, kept by the platform's saved-views
// service under the list key `customers` with the customer list's filters.
export const customerViewList = { key: 'customers', permission: 'customer:read', filters: customerFiltersSchema, schemaId: 'CustomerSavedView' };
