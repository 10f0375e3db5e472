import type { ReactNode } from 'react';
import type { Customer } from './customers-api';
import { GradeTab } from '../grading/GradeTab';
import { QualificationsTab } from '../compliance/QualificationsTab';
import { CustomerOwnershipTab } from '../../development/ownership/CustomerOwnershipTab';
import { CustomerRegistrationsTab } from '../../development/registrations/CustomerRegistrationsTab';
import { CustomerOpportunitiesTab } from '../../development/opportunities/CustomerOpportunitiesTab';
import { CustomerVisitsTab } from '../../development/visits/CustomerVisitsTab';

/**
 * Extra tabs of the customer detail page. Other customer features (qualifications & admission,
 * grading, blacklist, …) add an entry here; the page shows each tab the viewer has the permission
 * for, after its own tabs, in this order.
 */
export interface CustomerDetailTab {
  key: string;
  label: ReactNode;
  /** Permission code needed to see the tab; omit for everyone who may read the customer. */
  permission?: string;
  render(customer: Customer): ReactNode;
}

export const customerDetailTabs: CustomerDetailTab[] = [
  { key: 'qualifications', label: '资质与准入', render: (customer) => <QualificationsTab customer={customer} /> },
  { key: 'grade', label: '等级', render: (customer) => <GradeTab customer={customer} /> },
  { key: 'opportunities', label: '商机', permission: 'development:read', render: (customer) => <CustomerOpportunitiesTab customer={customer} /> },
  { key: 'visits', label: '拜访跟进', permission: 'development:read', render: (customer) => <CustomerVisitsTab customer={customer} /> },
  { key: 'registrations', label: '报备', permission: 'development:read', render: (customer) => <CustomerRegistrationsTab customer={customer} /> },
  { key: 'ownership', label: '归属与转移', permission: 'development:read', render: (customer) => <CustomerOwnershipTab customer={customer} /> },
];
