// npm run audit:verify — recomputes the audit log's hash chain (R-SEC-08); exits 1 when an
// event was altered, naming the first one.
import { verifyAuditChain } from '../platform/audit/audit.service';
import { describeTarget, runCli } from './run-cli';

runCli('audit:verify', async ({ config, open, info }) => {
  info(describeTarget(config));
  const database = await open();
  const result = await verifyAuditChain(database.db);
  if (!result.ok) {
    throw new Error(`审计日志哈希链在第 ${result.brokenAtId} 条处断开（已校验 ${result.checked} 条）/ chain broken at event ${result.brokenAtId}`);
  }
  process.stdout.write(`审计日志完整：${result.checked} 条记录哈希链校验通过 / audit chain intact: ${result.checked} events\n`);
});
