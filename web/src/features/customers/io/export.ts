import type { Translate } from '../../../app/i18n/dictionary';
import { App as AntdApp, Progress } from 'antd';
import { createElement, useCallback } from 'react';
import { downloadFile, exportDownloadUrl, getExportRun, startExportRun, type CustomerExportRun } from './import-api';
import { useT } from '../../../app/i18n/LocaleProvider';

const POLL_MS = 1_000;

function progressOf(t: Translate, run: CustomerExportRun) {
  const percent = run.total ? Math.min(99, Math.floor((run.progress / run.total) * 100)) : 0;
  return createElement(
    'div',
    { 'data-testid': 'export-progress' },
    createElement(Progress, { percent, size: 'small', status: 'active' }),
    t('customers.io.rowsWritten', { progress: run.progress.toLocaleString('zh-CN'), total: run.total ? ` / ${run.total.toLocaleString('zh-CN')}` : '' }),
  );
}

/**
 * 导出客户列表 (R-CUS-31): `startExport(filters, columns, ids?)` starts the export job on the
 * server (the list's filters and visible columns; ticked ids narrow it), shows its progress in a
 * notification and downloads the .xlsx when it is done. Resolves when the download starts;
 * rejects with the server's message (e.g. 导出行数超过上限, 操作过于频繁).
 */
export function useCustomerExport(): { startExport: (filters: object, columns: string[], ids?: number[]) => Promise<void> } {
  const t = useT();
  const { notification } = AntdApp.useApp();
  const startExport = useCallback(
    async (filters: object, columns: string[], ids?: number[]) => {
      let run = await startExportRun({ filters, columns, ids: ids?.length ? ids : undefined });
      const key = `customer-export-${run.id}`;
      notification.open({ key, title: t('customers.io.exportingTheCustomerList'), description: progressOf(t, run), duration: 0 });
      try {
        while (run.status === 'running') {
          await new Promise((resolve) => window.setTimeout(resolve, POLL_MS));
          run = await getExportRun(run.id);
          if (run.status === 'running') notification.open({ key, title: t('customers.io.exportingTheCustomerList'), description: progressOf(t, run), duration: 0 });
        }
      } catch (error) {
        notification.destroy(key);
        throw error;
      }
      if (run.status === 'failed') {
        notification.error({ key, title: t('customers.io.exportFailed'), description: run.message || t('customers.io.pleaseTryAgainLater'), duration: 0 });
        return;
      }
      downloadFile(exportDownloadUrl(run.id), run.fileName ?? t('customers.io.customersExportXlsx'));
      notification.success({
        key,
        title: t('customers.io.exportComplete'),
        description: t('customers.io.exportedCustomersTheDownloadHas', { v0: (run.rowCount ?? 0).toLocaleString('zh-CN') }),
        duration: 6,
      });
    },
    [notification],
  );
  return { startExport };
}
