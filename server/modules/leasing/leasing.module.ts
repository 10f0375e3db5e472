import type { ModuleManifest } from '../../platform/manifests/manifest';
import { scheduleLeasingDemo } from './leasing.demo';
import { reservationExpiredKind } from './spaces/occupancy.service';
import { reservationExpiryJob } from './spaces/spaces.jobs';
import { spacesRoutes } from './spaces/spaces.routes';
import * as spaceTables from './spaces/spaces.table';

/**
 * 房源与招商合同 (04-leasing). So far: the space inventory, unit status on any day, occupancy
 * rates and reservations, with the database refusing two holds of one unit on the same day.
 */
export const leasingModule: ModuleManifest = {
  key: 'leasing',
  name: '房源与招商合同',
  tables: { ...spaceTables },
  routes: [spacesRoutes],
  jobs: [reservationExpiryJob],
  notificationKinds: [reservationExpiredKind],
  fieldLabels: {
    parentId: '上级房源',
    unitType: '单元类型',
    grossArea: '建筑面积',
    usableArea: '使用面积',
    floorLoad: '地面承重',
    ceilingHeight: '净高',
    facilities: '设施',
    listRent: '挂牌租金',
    rentBasis: '租金单位',
    availableFrom: '可租起始日',
    spaceIds: '单元',
  },
  demoData: scheduleLeasingDemo,
};
