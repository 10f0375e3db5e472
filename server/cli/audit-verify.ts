// npm run audit:verify — recomputes the audit log's hash chain and holds it against the checkpoint
// in the data directory (R-SEC-08); exits 1 when an event was altered or the newest were deleted.
import { describeChain, verifyAgainstCheckpoint } from '../platform/audit/audit-chain.job';
import { describeTarget, runCli } from './run-cli';

runCli('audit:verify', async ({ config, open, info }) => {
  info(describeTarget(config));
  const database = await open();
  const result = await verifyAgainstCheckpoint({ db: database.db, database, config });
  if (!result.ok) throw new Error(`${describeChain(result)} / audit chain ${result.problem} at event ${result.brokenAtId}`);
  process.stdout.write(`${describeChain(result)} / audit chain intact: ${result.checked} events\n`);
});
