import type { ErrorCode } from '../../../shared/domain/errors';
import type { PerCurrency } from '../../../shared/domain/shift';
import type { Operation, ZReportFigures } from '../../../shared/ops/operations';
import type { KnownUser } from '../../../shared/policy/conflict-policy';

/**
 * A till's shift ops at replay (issue 11): nothing moves stock, but a drawer follows its own rules, checked here
 * against the till's shifts as the server holds them, since a shift is the till's and the till's credentials say
 * which till it is:
 * - one shift open per till at a time;
 * - cash moves and the closing name the till's open shift; cash is moved by the shift's cashier or a manager, a
 *   paid-out only with a manager (the user or the approver);
 * - the Z report takes the till's next number (its last + 1): a gap or a repeat is refused, never renumbered;
 * - the drawer opened without a sale needs a manager (the conflict policy's rolesFor() says so before this runs)
 *   and names the shift open at the till, or none when none is.
 * Rows are recorded with the op's trusted time; a Z report keeps the figures the till printed.
 */

export interface ShiftState {
  /** the till's open shift at the server, if any */
  open: { shiftId: string; openedBy: string } | null;
  /** the till's last Z number at the server (0: none yet) */
  lastZ: number;
}

export interface PlannedShiftOpen {
  shiftId: string;
  openedBy: string;
  openedAt: Date;
  float: PerCurrency;
  note: string | null;
  opId: string;
}
export interface PlannedCashMove {
  moveId: string;
  shiftId: string;
  direction: 'in' | 'out';
  currency: string;
  amount: number;
  reason: string;
  userId: string;
  approvedBy: string | null;
  occurredAt: Date;
  opId: string;
}
export interface PlannedZReport {
  shiftId: string;
  number: number;
  closedBy: string;
  closedAt: Date;
  figures: ZReportFigures & { counted: PerCurrency; note: string | null };
  opId: string;
}
export interface PlannedDrawerOpen {
  openId: string;
  shiftId: string | null;
  reason: string;
  userId: string;
  approvedBy: string | null;
  occurredAt: Date;
  opId: string;
}
export interface ShiftWrites {
  opened: PlannedShiftOpen[];
  moves: PlannedCashMove[];
  closed: PlannedZReport[];
  drawerOpens: PlannedDrawerOpen[];
}

type ShiftOp = Extract<Operation, { type: 'shift_open' | 'cash_move' | 'shift_close' | 'drawer_open' }>;
export type ShiftOutcome = { rejected: false } | { rejected: true; code: ErrorCode; reason: string };

const MANAGERS: ReadonlySet<string> = new Set(['manager', 'head_office']);

export function isShiftOp(op: Operation): op is ShiftOp {
  return op.type === 'shift_open' || op.type === 'cash_move' || op.type === 'shift_close' || op.type === 'drawer_open';
}

/** The till's shifts through one push chunk, in seq order. */
export class ShiftDesk {
  readonly writes: ShiftWrites = { opened: [], moves: [], closed: [], drawerOpens: [] };
  private state: ShiftState;

  constructor(
    initial: ShiftState,
    private readonly users: ReadonlyMap<string, KnownUser>,
  ) {
    this.state = { open: initial.open, lastZ: initial.lastZ };
  }

  private isManager(userId: string | undefined): boolean {
    return userId !== undefined && MANAGERS.has(this.users.get(userId)?.role ?? '');
  }

  apply(op: ShiftOp, at: Date): ShiftOutcome {
    const open = this.state.open;
    switch (op.type) {
      case 'shift_open': {
        if (open !== null) {
          return refuse('CONFLICT_TRANSITION', `shift ${open.shiftId} is still open at this till: close it before opening another`);
        }
        const p = op.payload;
        this.writes.opened.push({ shiftId: p.shiftId, openedBy: op.userId, openedAt: at, float: p.float, note: emptyToNull(p.note), opId: op.id });
        this.state.open = { shiftId: p.shiftId, openedBy: op.userId };
        return { rejected: false };
      }
      case 'cash_move': {
        const p = op.payload;
        if (open?.shiftId !== p.shiftId) return refuse('CONFLICT_TRANSITION', `shift ${p.shiftId} is not open at this till`);
        const byManager = this.isManager(op.userId) || this.isManager(p.approvedBy);
        if (op.userId !== open.openedBy && !byManager) return refuse('FORBIDDEN', 'only the shift’s cashier or a manager moves cash in its drawer');
        if (p.direction === 'out' && !byManager) return refuse('FORBIDDEN', 'a paid-out needs a manager’s approval');
        this.writes.moves.push({
          moveId: p.moveId,
          shiftId: p.shiftId,
          direction: p.direction,
          currency: p.currency,
          amount: p.amount,
          reason: p.reason,
          userId: op.userId,
          approvedBy: p.approvedBy ?? null,
          occurredAt: at,
          opId: op.id,
        });
        return { rejected: false };
      }
      case 'shift_close': {
        const p = op.payload;
        if (open?.shiftId !== p.shiftId) return refuse('CONFLICT_TRANSITION', `shift ${p.shiftId} is not open at this till: a closed shift's Z report never changes`);
        if (op.userId !== open.openedBy && !this.isManager(op.userId)) return refuse('FORBIDDEN', 'only the shift’s cashier or a manager closes it');
        if (p.number !== this.state.lastZ + 1) {
          return refuse('SEQUENCE_GAP', `this till's next Z report is number ${this.state.lastZ + 1}, not ${p.number}`);
        }
        this.writes.closed.push({
          shiftId: p.shiftId,
          number: p.number,
          closedBy: op.userId,
          closedAt: at,
          figures: { ...p.figures, counted: p.counted, note: emptyToNull(p.note) },
          opId: op.id,
        });
        this.state = { open: null, lastZ: p.number };
        return { rejected: false };
      }
      case 'drawer_open': {
        const p = op.payload;
        if (p.shiftId !== null && open?.shiftId !== p.shiftId) return refuse('CONFLICT_TRANSITION', `shift ${p.shiftId} is not open at this till`);
        if (!this.isManager(op.userId) && !this.isManager(p.approvedBy)) return refuse('FORBIDDEN', 'opening the drawer without a sale needs a manager’s approval');
        this.writes.drawerOpens.push({ openId: p.openId, shiftId: p.shiftId, reason: p.reason, userId: op.userId, approvedBy: p.approvedBy ?? null, occurredAt: at, opId: op.id });
        return { rejected: false };
      }
    }
  }
}

function refuse(code: ErrorCode, reason: string): ShiftOutcome {
  return { rejected: true, code, reason };
}

function emptyToNull(note: string | undefined): string | null {
  return note === undefined || note === '' ? null : note;
}
