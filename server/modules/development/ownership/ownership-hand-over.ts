import type { HandOverStep } from '../../../platform/org/hand-over';
import { changeCustomerOwner, countCustomersOwnedBy, customerIdsOwnedBy, replaceCollaborator } from '../../customers';
import { cancelReleaseWarnings } from './ownership-effects';

// 离职交接 of customers (R-PLT-05): every owned customer goes to the successor (no customer is
// left without an owner) and the departed user is replaced among the collaborators.

export const customersHandOver: HandOverStep = {
  key: 'customers',
  label: '客户',
  order: 10,
  async run(tx, clock, ctx, fromUserId, toUserId) {
    const ids = await customerIdsOwnedBy(tx, fromUserId);
    for (const customerId of ids) {
      await changeCustomerOwner(tx, clock, ctx, {
        customerId,
        toUserId,
        kind: 'departure',
        expectOwnerId: fromUserId,
        reason: '原客户经理离职，客户移交给接替人',
      });
      await cancelReleaseWarnings(tx, clock, ctx, customerId);
    }
    await replaceCollaborator(tx, clock, ctx, fromUserId, toUserId);
    return ids.length;
  },
  count: (db, fromUserId) => countCustomersOwnedBy(db, fromUserId),
};
