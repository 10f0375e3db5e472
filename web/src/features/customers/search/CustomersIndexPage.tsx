import { CustomersListPage } from './CustomersListPage';
import { useCustomerExport } from '../io/export';

/** 客户档案 list with the streamed .xlsx export wired to its export button. */
export function CustomersIndexPage() {
  const { startExport } = useCustomerExport();
  return <CustomersListPage onExport={startExport} />;
}
