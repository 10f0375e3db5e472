/** Rule key (and job key) of the missed planned-visit reminder (R-DEV-31, R-PLT-30). */
export const VISIT_OVERDUE_RULE = 'visit_report_overdue';
