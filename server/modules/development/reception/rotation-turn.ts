// 轮流接待 (R-DEV-41): who gets the next walk-in, as a pure function of the rotation.

export interface RotationMemberState {
  userId: number;
  position: number;
  /** False while on leave or out; the turn is skipped and owed. */
  available: boolean;
  /** Disabled users are passed over without owing anything. */
  active: boolean;
  owedTurns: number;
}

export interface RotationTurn {
  userId: number;
  /** True when the turn makes up a skipped one (the pointer does not move). */
  makeUp: boolean;
  /** The pointer after this turn. */
  lastPosition: number;
  /** Change of owed turns per user (−1 for a make-up, +1 for each member passed over). */
  owedDelta: Map<number, number>;
}

/**
 * The next turn: first a member who is available and owes turns (lowest position first) — they
 * make up a skipped turn; else the next available member after `lastPosition` (wrapping), and
 * every unavailable member passed over owes one more turn. Null when nobody can take it (nobody
 * is then charged).
 */
export function nextRotationTurn(members: readonly RotationMemberState[], lastPosition: number): RotationTurn | null {
  const ordered = [...members].sort((a, b) => a.position - b.position);
  const eligible = (member: RotationMemberState) => member.available && member.active;
  const debtor = ordered.find((member) => eligible(member) && member.owedTurns > 0);
  if (debtor) return { userId: debtor.userId, makeUp: true, lastPosition, owedDelta: new Map([[debtor.userId, -1]]) };

  const after = ordered.filter((member) => member.position > lastPosition);
  const wrapped = ordered.filter((member) => member.position <= lastPosition);
  const owedDelta = new Map<number, number>();
  for (const member of [...after, ...wrapped]) {
    if (eligible(member)) return { userId: member.userId, makeUp: false, lastPosition: member.position, owedDelta };
    if (member.active) owedDelta.set(member.userId, (owedDelta.get(member.userId) ?? 0) + 1);
  }
  return null;
}
