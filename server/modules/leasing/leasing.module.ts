import { incentivesRoutes } from './incentives/incentives.routes';
import * as incentiveTables from './incentives/incentives.table';
import type { ModuleManifest } from '../../platform/manifests/manifest';
import { amendmentApprovalType } from './contracts/amendment-approval';
import { amendmentsRoutes } from './contracts/amendments.routes';
import { disputesRoutes } from './contracts/disputes.routes';
import { moveInRoutes } from './contracts/move-in.routes';
import { depositsRoutes } from './contracts/deposits.routes';
import { archiveRoutes } from './contracts/archive.routes';
import { milestonesRoutes } from './contracts/milestones.routes';
import * as milestoneTables from './contracts/milestones.table';
import { copyHandedKind } from './contracts/archive.service';
import * as archiveTables from './contracts/archive.table';
import * as depositTables from './contracts/deposits.table';
import * as moveInTables from './contracts/move-in.table';
import { disputeOpenedKind } from './contracts/disputes.service';
import * as amendmentTables from './contracts/amendments.table';
import { contractApprovalType } from './contracts/contract-approval';
import { contractExpiryJob, contractExpiryReminderJob, milestoneReminderJob, quarterlyLedgerJob, renewalDecisionJob } from './contracts/contracts.jobs';
import { ledgerRoutes } from './contracts/ledger.routes';
import * as ledgerTables from './contracts/ledger.table';
import { contractRecordType, contractsRoutes } from './contracts/contracts.routes';
import * as contractTables from './contracts/contracts.table';
import * as breachTables from './contracts/breaches.table';
import { breachReportedKind } from './contracts/breaches.service';
import { terminationApprovalType } from './contracts/termination.service';
import { scheduleLeasingContractDemo, scheduleLeasingDemo } from './leasing.demo';
import { reservationExpiredKind } from './spaces/occupancy.service';
import { reservationExpiryJob } from './spaces/spaces.jobs';
import { spacesRoutes } from './spaces/spaces.routes';
import * as spaceTables from './spaces/spaces.table';

/**
 * 房源与招商合同 (04-leasing). So far: the space inventory, unit status on any day, occupancy
 * rates and reservations, with the database refusing two holds of one unit on the same day; and
 * contracts from draft through review and signing to the 交财务 hand-over, with 范本合同.
 */
export const leasingModule: ModuleManifest = {
  key: 'leasing',
  name: '房源与招商合同',
  tables: { ...spaceTables, ...contractTables, ...breachTables, ...ledgerTables, ...amendmentTables, ...moveInTables, ...depositTables, ...archiveTables, ...milestoneTables, ...incentiveTables },
  routes: [spacesRoutes, contractsRoutes, amendmentsRoutes, disputesRoutes, moveInRoutes, depositsRoutes, archiveRoutes, milestonesRoutes, ledgerRoutes, incentivesRoutes],
  jobs: [reservationExpiryJob, contractExpiryJob, contractExpiryReminderJob, quarterlyLedgerJob, renewalDecisionJob, milestoneReminderJob],
  approvalTypes: [contractApprovalType, terminationApprovalType, amendmentApprovalType],
  recordTypes: [contractRecordType],
  notificationKinds: [reservationExpiredKind, breachReportedKind, disputeOpenedKind, copyHandedKind],
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
    contractType: '合同类型',
    startDate: '开始日',
    endDate: '结束日',
    units: '单元',
    terms: '合同条款',
    charges: '收费项目',
    freePeriods: '免租期',
    billingCycle: '结算周期',
    paymentDay: '付款日',
    unitPrice: '单价',
    basis: '计价方式',
    escalationRate: '年递增率',
    deposit: '保证金',
    lateFeeRate: '滞纳金日费率',
    signingParty: '签约主体',
    templateId: '范本合同',
    signedDate: '签署日期',
    effectiveDate: '生效日期',
    signedScanId: '签署扫描件',
    area: '计租面积',
    breachType: '违约类型',
    terminationDate: '解除日期',
    requestedOn: '申请日期',
    negotiationResult: '协商结果',
    rentDue: '应结租金',
    penalty: '违约金',
    depositRefund: '退还保证金',
    occurredOn: '违约日期',
    measures: '处理措施',
    transferFee: '过户费',
    parties: '当事人',
    claim: '争议请求',
    claimAmount: '争议金额',
    legalOpinion: '法律意见',
    outcome: '处理结果',
    decision: '续签决定',
    ownerId: '负责人',
    dueDate: '完成期限',
    receivedOn: '收款日期',
    archiveNumber: '档案编号',
    archiveLocation: '存放位置',
    receiverId: '接收人',
    handedOn: '发放日期',
    usedOn: '用印日期',
    document: '用印文件',
    copies: '份数',
    remindDays: '提前提醒天数',
    asOf: '报告日期',
    onSigning: '签约时定金处理',
    onWithdrawal: '放弃时定金处理',
    annexScanId: '补充协议扫描件',
  },
  demoData: (story) => {
    scheduleLeasingDemo(story);
    scheduleLeasingContractDemo(story);
  },
};
