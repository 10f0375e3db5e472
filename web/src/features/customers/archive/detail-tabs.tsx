import type { ReactNode } from 'react';
import type { Customer } from './customers-api';
import type { MessageKey } from '../../../app/i18n/dictionary';
import { GradeTab } from '../grading/GradeTab';
import { QualificationsTab } from '../compliance/QualificationsTab';
import { CustomerOwnershipTab } from '../../development/ownership/CustomerOwnershipTab';
import { CustomerRegistrationsTab } from '../../development/registrations/CustomerRegistrationsTab';
import { CustomerOpportunitiesTab } from '../../development/opportunities/CustomerOpportunitiesTab';
import { CustomerVisitsTab } from '../../development/visits/CustomerVisitsTab';
import { CustomerAccountTab } from '../../billing/CustomerAccountTab';

/**
 * Extra tabs of the customer detail page. Other customer features (qualifications & admission,
 * grading, blacklist, …) add an entry here; the page shows each tab the viewer has the permission
 * for, after its own tabs, in this order.
 */
export interface CustomerDetailTab {
  key: string;
  /** Message key of the tab's title. */
  label: MessageKey;
  /** Permission code needed to see the tab; omit for everyone who may read the customer. */
  permission?: string;
  render(customer: Customer): ReactNode;
}

export const customerDetailTabs: CustomerDetailTab[] = [
  { key: 'qualifications', label: 'customers.archive.qualifications', render: (customer) => <QualificationsTab customer={customer} /> },
  { key: 'grade', label: 'customers.archive.grade', render: (customer) => <GradeTab customer={customer} /> },
  { key: 'opportunities', label: 'menu.opportunities', permission: 'development:read', render: (customer) => <CustomerOpportunitiesTab customer={customer} /> },
  { key: 'visits', label: 'customers.archive.visits', permission: 'development:read', render: (customer) => <CustomerVisitsTab customer={customer} /> },
  { key: 'registrations', label: 'customers.archive.registrations', permission: 'development:read', render: (customer) => <CustomerRegistrationsTab customer={customer} /> },
  { key: 'ownership', label: 'customers.archive.ownership', permission: 'development:read', render: (customer) => <CustomerOwnershipTab customer={customer} /> },
  { key: 'account', label: 'account.tab', permission: 'billing:read', render: (customer) => <CustomerAccountTab customerId={customer.id} /> },
];
