import type { ModuleManifest } from '../../platform/manifests/manifest';
import { customersRoutes } from './archive/archive.routes';
import { customerRecordType } from './archive/archive.service';
import { customerFieldLabels } from './archive/dto';
import { admissionApprovalType } from './compliance/admission.service';
import { blacklistApprovalType, blacklistRemovalApprovalType } from './compliance/blacklist.service';
import { qualificationExpiryJob } from './compliance/compliance.jobs';
import { customerComplianceRoutes } from './compliance/compliance.routes';
import { scheduleDemoCustomers } from './customers.demo';
import * as customerTables from './customers.table';
import { customerRegradeJob } from './grading/grading.jobs';
import { customerGradingRoutes } from './grading/grading.routes';
import { ensureCustomerGradingData } from './grading/grading.service';
import { customerImportRoutes } from './io/import.routes';
import { customerSearchRoutes } from './search/search.routes';
import { customerSensitiveFields } from './sensitive';

/** 客户档案 (02-customers): archive, search and lists, import and export, compliance, grading, lifecycle. */
export const customersModule: ModuleManifest = {
  key: 'customers',
  name: '客户档案',
  tables: customerTables,
  routes: [customersRoutes, customerSearchRoutes, customerImportRoutes, customerComplianceRoutes, customerGradingRoutes],
  jobs: [qualificationExpiryJob, customerRegradeJob],
  approvalTypes: [admissionApprovalType, blacklistApprovalType, blacklistRemovalApprovalType],
  recordTypes: [customerRecordType],
  sensitiveFields: customerSensitiveFields,
  fieldLabels: { ...customerFieldLabels, contacts: '联系人', keyPersons: '关键人', department: '部门', decisionRole: '决策角色', isPrimary: '主要联系人', position: '职务', birthday: '生日', version: '版本' },
  referenceData: (db) => ensureCustomerGradingData(db),
  demoData: scheduleDemoCustomers,
};
