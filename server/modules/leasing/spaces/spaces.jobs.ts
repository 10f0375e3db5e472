import { defineJob } from '../../../platform/jobs/jobs.registry';
import { expireReservations } from './occupancy.service';

export const reservationExpiryJob = defineJob({
  key: 'space_reservation_expiry',
  name: '房源预留到期释放',
  nameEn: 'Space reservation expiry',
  description: '预留截止日已过的单元预留自动结束，单元恢复可租，并通知预留人',
  descriptionEn: 'Reservations past their last day end; the units can be let again and whoever reserved them is told.',
  defaultCron: '10 0 * * *',
  run: (context) => expireReservations(context.deps),
});
