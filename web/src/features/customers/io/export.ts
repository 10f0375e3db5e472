import { App as AntdApp, Progress } from 'antd';
import { createElement, useCallback } from 'react';
import { downloadFile, exportDownloadUrl, getExportRun, startExportRun, type CustomerExportRun } from './import-api';

const POLL_MS = 1_000;

function progressOf(run: CustomerExportRun) {
  const percent = run.total ? Math.min(99, Math.floor((run.progress / run.total) * 100)) : 0;
  return createElement(
    'div',
    { 'data-testid': 'export-progress' },
    createElement(Progress, { percent, size: 'small', status: 'active' }),
    `已写入 ${run.progress.toLocaleString('zh-CN')}${run.total ? ` / ${run.total.toLocaleString('zh-CN')}` : ''} 行`,
  );
}

/**
 * 导出客户列表 (R-CUS-31): `startExport(filters, columns, ids?)` starts the export job on the
 * server (the list's filters and visible columns; ticked ids narrow it), shows its progress in a
 * notification and downloads the .xlsx when it is done. Resolves when the download starts;
 * rejects with the server's message (e.g. 导出行数超过上限, 操作过于频繁).
 */
export function useCustomerExport(): { startExport: (filters: object, columns: string[], ids?: number[]) => Promise<void> } {
  const { notification } = AntdApp.useApp();
  const startExport = useCallback(
    async (filters: object, columns: string[], ids?: number[]) => {
      let run = await startExportRun({ filters, columns, ids: ids?.length ? ids : undefined });
      const key = `customer-export-${run.id}`;
      notification.open({ key, title: '正在导出客户列表', description: progressOf(run), duration: 0 });
      try {
        while (run.status === 'running') {
          await new Promise((resolve) => window.setTimeout(resolve, POLL_MS));
          run = await getExportRun(run.id);
          if (run.status === 'running') notification.open({ key, title: '正在导出客户列表', description: progressOf(run), duration: 0 });
        }
      } catch (error) {
        notification.destroy(key);
        throw error;
      }
      if (run.status === 'failed') {
        notification.error({ key, title: '导出失败', description: run.message || '请稍后重试', duration: 0 });
        return;
      }
      downloadFile(exportDownloadUrl(run.id), run.fileName ?? '客户导出.xlsx');
      notification.success({
        key,
        title: '导出完成',
        description: `已导出 ${(run.rowCount ?? 0).toLocaleString('zh-CN')} 个客户，文件已开始下载（保留 24 小时）`,
        duration: 6,
      });
    },
    [notification],
  );
  return { startExport };
}
