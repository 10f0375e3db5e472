import { api } from '../../app/api-client';
import type { PageParams, PageResult } from '../../ui/use-server-table';

// Shapes of the service tickets API (R-SVC-01…04).

export type Channel = 'phone' | 'visit' | 'letter' | 'email' | 'im';
export type Priority = 'normal' | 'high' | 'urgent';
export type TicketStatus = 'open' | 'resolved' | 'closed';
export const channels: Channel[] = ['phone', 'visit', 'letter', 'email', 'im'];
export const priorities: Priority[] = ['normal', 'high', 'urgent'];
export const priorityColor: Record<Priority, string> = { normal: 'default', high: 'orange', urgent: 'red' };
export const statusColor: Record<TicketStatus, string> = { open: 'processing', resolved: 'success', closed: 'default' };

export interface TicketSummary {
  id: number;
  number: string;
  customerId: number;
  customerName: string;
  contactName: string;
  channel: Channel;
  category: string;
  categoryName: string;
  priority: Priority;
  status: TicketStatus;
  ownerId: number;
  ownerName: string;
  dueAt: string;
  overdue: boolean;
  keyAccount: boolean;
  repeatOfId: number | null;
  createdAt: string;
  resolvedAt: string | null;
}
export interface WorkOrder {
  id: number;
  unitId: number;
  unitName: string;
  assigneeId: number | null;
  assigneeName: string | null;
  instructions: string;
  dueAt: string;
  status: 'open' | 'done' | 'confirmed' | 'cancelled';
  result: string | null;
  cost: string | null;
  chargeable: boolean;
  chargeItem: string | null;
  doneAt: string | null;
  confirmedBy: string | null;
  satisfied: boolean | null;
  confirmedAt: string | null;
  charged: boolean;
}
export interface TicketDetail extends TicketSummary {
  contactPhone: string | null;
  description: string;
  takenById: number;
  takenByName: string;
  resolution: string | null;
  firstContactResolved: boolean | null;
  transfers: { id: number; fromName: string; toName: string; reason: string; byName: string; createdAt: string }[];
  workOrders: WorkOrder[];
  canHandle: boolean;
  responsibleUnitId: number | null;
}
export interface TicketFilters {
  status?: TicketStatus;
  mine?: 'true';
  overdue?: 'true';
  q?: string;
}
export interface CategoryRule {
  category: string;
  categoryName: string;
  unitId: number | null;
  unitName: string | null;
  deadlineHours: number;
  keyAccountDeadlineHours: number;
}

export const ticketsKey = ['tickets'] as const;
export const listTickets = (params: PageParams & TicketFilters): Promise<PageResult<TicketSummary>> => api.get('/tickets', { ...params });
export const getTicket = (id: number) => api.get<TicketDetail>(`/tickets/${id}`);
