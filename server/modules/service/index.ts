// The service module's front door: what other modules and the web app may use.
export type { TicketDetail, TicketSummary } from './tickets/tickets.schema';
