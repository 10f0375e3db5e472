// Shapes of the credit API (R-CRD-01…04) as the web app reads them.

export const dimensions = ['completeness', 'quality', 'strength', 'solvency', 'performance'] as const;
export type Dimension = (typeof dimensions)[number];
export type Rating = 'A' | 'B' | 'C' | 'D';
export const ratings: Rating[] = ['A', 'B', 'C', 'D'];
export const ratingColor: Record<Rating, string> = { A: 'green', B: 'blue', C: 'orange', D: 'red' };
export const measureKinds = ['guarantor', 'joint_guarantee', 'collateral', 'higher_deposit', 'notarised', 'reduced_supply', 'offset', 'payment_in_kind', 'limit_increase'] as const;

export interface CreditFile {
  performanceScore: number;
  position: { rating: Rating | null; scorecardVersion: number | null; limit: string | null; limitBasis: string; exception: string | null; exposure: string; available: string | null; securityRequired: boolean; securityOnFile: boolean };
  ratings: { id: number; kind: 'review' | 'auto'; scorecardVersion: number; scores: Record<Dimension, number>; totalScore: string; rating: Rating; previousRating: string | null; basis: string; ratedOn: string; nextReviewOn: string; urgent: boolean; ratedByName: string | null }[];
  measures: { id: number; kind: string; kindName: string; description: string; amount: string | null; validTo: string | null; status: 'pending' | 'approved' | 'rejected' | 'withdrawn' }[];
}

export interface RatingPolicy {
  limitMode: 'one_period' | 'fixed' | 'none';
  fixedLimit: string;
  limitAfterMonths: number;
  security: boolean;
}
export interface Scorecard {
  id: number;
  version: number;
  weights: Record<Dimension, number>;
  thresholds: { A: number; B: number; C: number };
  policies: Record<Rating, RatingPolicy>;
  note: string;
  status: 'pending' | 'active' | 'superseded' | 'rejected' | 'withdrawn';
  approvalId: number | null;
  createdByName: string | null;
  createdAt: string;
  activatedAt: string | null;
}
export interface RatingRow {
  customerId: number;
  customerName: string;
  rating: Rating;
  totalScore: string;
  ratedOn: string;
  nextReviewOn: string;
  reviewOverdue: boolean;
  urgent: boolean;
}
