import { z } from 'zod';
import { DomainError } from '../domain/errors';
import type { Milli } from '../domain/quantity';
import type { Role } from '../domain/schemas';
import type { OperationType } from '../ops/operations';

/**
 * THE conflict policy. When the server replays a till's sale against the authoritative ledger and a line no
 * longer fits the stock (another till sold the last unit first), this module alone decides what happens.
 * The server asks it, line by line, and writes what it says; no other code decides.
 *
 * Default (the product owner's rule): the later line to reach the server is reversed: its SALE movement and a
 * compensating REVERSAL are both written, and a conflict opens to contact the customer. Lines that fit are kept.
 * A tenant may choose, for anonymous walk-in sales only, to accept the sale into negative stock and open a
 * stock-discrepancy flag for a recount instead (nobody can be contacted about a walk-in).
 *
 * A line a manager overrode at the till (the goods were physically on the shelf) is never reversed: the goods
 * are gone with the customer, so the ledger is what was wrong; it is accepted and flagged for a recount.
 *
 * A line of a product head office deleted after the till sold it is applied the same way: the goods left the
 * shop, so the ledger records them (the product stays in it, inactive) and a stock discrepancy asks someone to
 * look at the catalogue and the shelf. One such line never affects the sale's other lines.
 */
export const OVERSELL_POLICIES = ['reverse_later_sale', 'accept_negative_for_walk_in'] as const;
/**
 * A restaurant cannot un-cook a dish. When a dish's ingredients no longer fit at replay, a tenant either accepts
 * the discrepancy (the default: the dish was served, the ingredient level goes negative and asks for a recount)
 * or reverses the dish line and contacts the customer, as for any sale line.
 */
export const DISH_SHORTFALL_POLICIES = ['accept_discrepancy', 'reverse_dish_line'] as const;
export const tenantPolicySchema = z.object({
  oversell: z.enum(OVERSELL_POLICIES),
  /** absent: 'accept_discrepancy' */
  dishShortfall: z.enum(DISH_SHORTFALL_POLICIES).optional(),
});
export type TenantPolicy = z.infer<typeof tenantPolicySchema>;
export const DEFAULT_POLICY: TenantPolicy = { oversell: 'reverse_later_sale' };

export interface PolicyLine {
  lineId: string;
  productId: string;
  qty: Milli;
  /** head office deleted the product after the sale was rung up */
  productDeleted?: boolean;
  /** the shelf's latest applied count was taken after this sale: the counted quantity already lacks this line */
  seenByCount?: boolean;
}

export interface PolicySale {
  lines: readonly PolicyLine[];
  /** The cashier captured a name or phone: somebody can be called about a reversed line. */
  hasCustomerContact: boolean;
  managerOverride: boolean;
}

export type ConflictKind = 'contact_customer' | 'stock_discrepancy';

export type LineDecision =
  | {
      lineId: string;
      productId: string;
      qty: Milli;
      action: 'keep';
      /** it fitted what was available, or the shelf's count already saw it go */
      basis: 'fits' | 'seen_by_count';
    }
  | {
      lineId: string;
      productId: string;
      qty: Milli;
      action: 'reverse';
      reason: 'insufficient_stock';
      /** what the server had available for this line when it was replayed */
      available: Milli;
      conflict: 'contact_customer';
    }
  | {
      lineId: string;
      productId: string;
      qty: Milli;
      action: 'accept_negative';
      reason: 'walk_in_oversell' | 'manager_override' | 'deleted_product';
      available: Milli;
      conflict: 'stock_discrepancy';
    };

export type SaleOutcome = 'accepted' | 'partially_reversed' | 'reversed';

export interface SaleDecision {
  outcome: SaleOutcome;
  lines: LineDecision[];
}

/**
 * Decides each line of a replayed sale, in order. `availableBefore` is the authoritative available quantity of
 * each product at the till's store just before this sale; lines of the same product draw on it in turn, so a
 * sale of 3 + 2 of the last 4 units keeps the first line and reverses the second.
 *
 * A sale from before the shelf's latest count always fits: the count was taken after the goods left, so the
 * counted quantity already lacks them and there is nothing left to be short of. Such a line is kept and draws
 * nothing from what the sale's other lines may take (the ledger offsets it, see decideLedgerWrite()).
 */
export function decideSale(policy: TenantPolicy, sale: PolicySale, availableBefore: ReadonlyMap<string, Milli>): SaleDecision {
  const remaining = new Map(availableBefore);
  const lines = sale.lines.map((line): LineDecision => {
    const available = remaining.get(line.productId) ?? 0;
    const draws = line.seenByCount !== true;
    if (line.productDeleted === true) {
      if (draws) remaining.set(line.productId, available - line.qty);
      return {
        lineId: line.lineId,
        productId: line.productId,
        qty: line.qty,
        action: 'accept_negative',
        reason: 'deleted_product',
        available,
        conflict: 'stock_discrepancy',
      };
    }
    if (!draws) return { lineId: line.lineId, productId: line.productId, qty: line.qty, action: 'keep', basis: 'seen_by_count' };
    if (available >= line.qty) {
      remaining.set(line.productId, available - line.qty);
      return { lineId: line.lineId, productId: line.productId, qty: line.qty, action: 'keep', basis: 'fits' };
    }
    const acceptReason = sale.managerOverride
      ? 'manager_override'
      : policy.oversell === 'accept_negative_for_walk_in' && !sale.hasCustomerContact
        ? 'walk_in_oversell'
        : null;
    if (acceptReason !== null) {
      remaining.set(line.productId, available - line.qty);
      return {
        lineId: line.lineId,
        productId: line.productId,
        qty: line.qty,
        action: 'accept_negative',
        reason: acceptReason,
        available,
        conflict: 'stock_discrepancy',
      };
    }
    return {
      lineId: line.lineId,
      productId: line.productId,
      qty: line.qty,
      action: 'reverse',
      reason: 'insufficient_stock',
      available,
      conflict: 'contact_customer',
    };
  });
  const reversed = lines.filter((l) => l.action === 'reverse').length;
  const outcome: SaleOutcome = reversed === 0 ? 'accepted' : reversed === lines.length ? 'reversed' : 'partially_reversed';
  return { outcome, lines };
}

/**
 * How the ledger writes each movement of a replayed op: under its rule's guard (movementRule() in
 * shared/domain/movement.ts; the one conditional UPDATE re-checks it, and a guard that does not hold refuses the
 * write) or unguarded (recorded whatever the level says). The planner asks this for every movement it writes;
 * nothing else decides.
 *
 * - A sale line kept because it fits is written under its guard: the decision said the stock was there, and the
 *   guard holds the write to it.
 * - A sale line the shelf's count already saw is written unguarded: it is kept whatever the level says
 *   (decideSale()), and its count offset puts the level back where the count left it.
 * - A line let into negative stock (walk-in oversell, manager override, deleted product) is unguarded: that is
 *   what letting it into negative means; its conflict asks for a recount.
 * - A reversed line's SALE is unguarded and its REVERSAL is written under its rule: the sale happened at the till
 *   and is recorded as such, and the reversal in the same op takes it back, so together they leave the level as
 *   it was.
 * - A receipt is written under its rule (it only adds stock; its guard is empty).
 * - Waste and adjustments are written unguarded: the goods are gone, or a manager states what is there, and the
 *   ledger records what happened. Refusing them would only make it lie.
 * - A count is written under its rule, which never refuses a count for what it reveals.
 * - A count offset (the system's ADJUST after a change the count already saw) is unguarded: it only takes back a
 *   change that the count already included.
 * - A transfer's dispatch and receipt are unguarded: each records goods that physically moved, and either half
 *   may reach the server first (shared/domain/transfer.ts); what disagrees is the transfer's discrepancy, never a
 *   stock conflict. So are resolutions: they record where goods already are.
 * - Head office's dispatch (it acts for a location without a till, the warehouse) is written under its guard: that
 *   location's ledger is the server's own, so the server is where the dispatch is taken, as a till's is taken at
 *   the till under its guard. A dispatch the shelf cannot cover is refused (INSUFFICIENT_STOCK) with nothing
 *   written, never let into negative stock.
 * - A reservation kept by decideReservation() is written under its guard; so are its fulfilment and release.
 * - What a fulfilment takes off the shelf because its hold was already gone, or from a hold on a shelf whose on
 *   hand is below it (decideFulfilment()), is unguarded: the customer has collected the goods.
 * - A dish's ingredients: under their guard when kept; unguarded when the discrepancy is accepted (the dish was
 *   served) or when the line is reversed in the same op.
 */
export type LedgerChange =
  | { kind: 'sale_line'; decision: LineDecision }
  | { kind: 'dish_ingredient'; decision: DishDecision }
  | { kind: 'reservation' }
  | { kind: 'reservation_end' }
  | { kind: 'reservation_fulfilment'; decision: FulfilmentDecision }
  | { kind: 'transfer_leg' }
  | { kind: 'head_office_dispatch' }
  | { kind: 'sale_reversal' }
  | { kind: 'sale_return' }
  | { kind: 'receipt' }
  | { kind: 'waste' }
  | { kind: 'adjustment' }
  | { kind: 'stocktake' }
  | { kind: 'count_offset' };

export type UnguardedBecause =
  | 'seen_by_count'
  | 'accepted_negative'
  | 'reversed_in_same_op'
  | 'goods_gone'
  | 'stated_by_manager'
  | 'count_already_included'
  | 'goods_moved'
  | 'dish_served'
  | 'collected';

export type LedgerWrite = { guarded: true } | { guarded: false; because: UnguardedBecause };

const GUARDED: LedgerWrite = Object.freeze({ guarded: true });

export function decideLedgerWrite(change: LedgerChange): LedgerWrite {
  switch (change.kind) {
    case 'sale_line': {
      const d = change.decision;
      if (d.action === 'keep') return d.basis === 'fits' ? GUARDED : { guarded: false, because: 'seen_by_count' };
      return { guarded: false, because: d.action === 'reverse' ? 'reversed_in_same_op' : 'accepted_negative' };
    }
    case 'waste':
      return { guarded: false, because: 'goods_gone' };
    case 'adjustment':
      return { guarded: false, because: 'stated_by_manager' };
    case 'count_offset':
      return { guarded: false, because: 'count_already_included' };
    case 'dish_ingredient':
      return change.decision.action === 'keep' ? GUARDED : { guarded: false, because: change.decision.action === 'accept_discrepancy' ? 'dish_served' : 'reversed_in_same_op' };
    case 'transfer_leg':
      return { guarded: false, because: 'goods_moved' };
    case 'reservation_fulfilment':
      return change.decision.action === 'from_hold' && change.decision.conflict === null ? GUARDED : { guarded: false, because: 'collected' };
    case 'head_office_dispatch':
    case 'reservation':
    case 'reservation_end':
    case 'sale_reversal':
    case 'sale_return':
    case 'receipt':
    case 'stocktake':
      return GUARDED;
  }
}

/**
 * A reservation made offline, replayed: kept when available at the server still covers it (its RESERVE is then
 * written under its guard), refused otherwise, with the customer to contact: nothing was handed over yet, so
 * unlike a sale there is nothing to reverse, and nothing is written for it. A reservation's release is written
 * under its rule (it can only give back what the reservation holds); its fulfilment as decideFulfilment() says.
 */
export type ReservationDecision =
  | { action: 'keep' }
  | { action: 'refuse'; reason: 'insufficient_stock'; available: Milli; conflict: 'contact_customer' };

export function decideReservation(qty: Milli, availableBefore: Milli): ReservationDecision {
  return availableBefore >= qty ? { action: 'keep' } : { action: 'refuse', reason: 'insufficient_stock', available: availableBefore, conflict: 'contact_customer' };
}

/**
 * A reservation's fulfilment, replayed: the customer collected, and what left the shelf left, whatever happened
 * to the hold or the shelf at the server meanwhile. Nobody is to be called (the customer has the goods), and the
 * ledger records what left; what needs attention is the shelf. It is decided line by line, by what the server
 * holds for the line now:
 * - Held (the reservation is open at the server and the line was kept at replay): what left is taken from the
 *   hold and the rest of the hold given back (shared/domain/reservation.ts fulfilMovements(): FULFIL, RELEASE),
 *   under their rule. Taking from a hold never lowers what others can have. Only when the shelf's on hand is below
 *   what left (other stock changes took it negative meanwhile) would the rule refuse the FULFIL: it is then
 *   written unguarded and a stock discrepancy asks for a recount. A line cannot take more than it holds.
 * - Not held: the server's expiry job or a release reached the reservation first, or the line was refused when
 *   the reservation was replayed. There is no hold to take it from, so what left is taken off the shelf as a
 *   SALE, unguarded: refusing it would only make the ledger lie. When it takes more than is available (the
 *   units were promised to another customer or sold meanwhile), a stock discrepancy asks for a recount.
 * Lines of the same product draw on `before` in turn: a hold given back raises what the lines after it find,
 * a line taken off the shelf lowers it. A line of 0 leaves nothing (a held one gives its whole hold back).
 */
export type HoldState = 'held' | 'expired' | 'released' | 'refused';

export interface FulfilmentLine {
  lineId: string;
  productId: string;
  /** what left with the customer */
  qty: Milli;
  /** what the server holds for the line now (0 unless `hold` is 'held') */
  held: Milli;
  hold: HoldState;
}

/** A product's level at the server just before the fulfilment: on hand, and available (on hand − reserved − quarantined). */
export interface ShelfBefore {
  onHand: Milli;
  available: Milli;
}

export type FulfilmentDecision =
  | {
      lineId: string;
      productId: string;
      qty: Milli;
      action: 'from_hold';
      /** what is left of the hold and given back */
      release: Milli;
      /** what the server had on hand for this line when it was replayed */
      onHand: Milli;
      conflict: 'stock_discrepancy' | null;
    }
  | {
      lineId: string;
      productId: string;
      qty: Milli;
      action: 'from_shelf';
      because: Exclude<HoldState, 'held'>;
      /** what the server had available for this line when it was replayed */
      available: Milli;
      conflict: 'stock_discrepancy' | null;
    };

export function decideFulfilment(lines: readonly FulfilmentLine[], before: ReadonlyMap<string, ShelfBefore>): FulfilmentDecision[] {
  const remaining = new Map(before);
  return lines.map((line): FulfilmentDecision => {
    const { onHand, available } = remaining.get(line.productId) ?? { onHand: 0, available: 0 };
    const { lineId, productId, qty } = line;
    if (line.hold === 'held') {
      if (qty > line.held) throw new DomainError('INVALID_QUANTITY', `line ${lineId} holds ${line.held}, not ${qty}`, { lineId, held: line.held, requested: qty });
      // FULFIL lowers on hand and reserved alike (available unchanged); the RELEASE of the rest raises available.
      remaining.set(productId, { onHand: onHand - qty, available: available + (line.held - qty) });
      return { lineId, productId, qty, action: 'from_hold', release: line.held - qty, onHand, conflict: qty > 0 && onHand < qty ? 'stock_discrepancy' : null };
    }
    remaining.set(productId, { onHand: onHand - qty, available: available - qty });
    return { lineId, productId, qty, action: 'from_shelf', because: line.hold, available, conflict: qty > 0 && available < qty ? 'stock_discrepancy' : null };
  });
}

/**
 * A dish's ingredients, replayed together: kept when every ingredient fits; otherwise as the tenant chose
 * (DISH_SHORTFALL_POLICIES): the dish line reversed with its customer to contact, or the discrepancy accepted
 * and flagged for a recount of the short ingredients (the default: the dish was served). Ingredients of the
 * same sale draw on `availableBefore` in turn, like sale lines.
 */
export type DishDecision =
  | { action: 'keep' }
  | { action: 'reverse_dish_line'; short: string[]; conflict: 'contact_customer' }
  | { action: 'accept_discrepancy'; short: string[]; conflict: 'stock_discrepancy' };

export function decideDish(
  policy: TenantPolicy,
  ingredients: ReadonlyArray<{ ingredientId: string; qty: Milli }>,
  remaining: Map<string, Milli>,
): DishDecision {
  const short = ingredients.filter((i) => (remaining.get(i.ingredientId) ?? 0) < i.qty).map((i) => i.ingredientId);
  if (short.length > 0 && policy.dishShortfall === 'reverse_dish_line') return { action: 'reverse_dish_line', short, conflict: 'contact_customer' };
  // kept or accepted: the ingredients leave the kitchen either way
  for (const i of ingredients) remaining.set(i.ingredientId, (remaining.get(i.ingredientId) ?? 0) - i.qty);
  return short.length === 0 ? { action: 'keep' } : { action: 'accept_discrepancy', short, conflict: 'stock_discrepancy' };
}

/**
 * A customer brings a sold line back (shared/domain/returns.ts works out the refund). The goods are in the shop
 * again whatever the ledger thought, so what is decided is only what the ledger writes and whom to tell:
 * - a line of the sale as the ledger has it: RETURN (and WASTE after it, if it came back damaged);
 * - a line the server REVERSED under the oversell rule: its SALE and REVERSAL already put those units back in the
 *   books, so a RETURN would count them twice. Nothing is returned to stock (a damaged unit still goes to waste,
 *   it is in the books), and the line's own contact-the-customer conflict is where the customer is settled: the
 *   till refuses such a return when it knows of the reversal; a return the server replays before the till knew
 *   was paid already, and the decision says so, so the manager does not refund the same goods twice;
 * - more than is left of the line (another till of the chain took the same goods back while offline): the units
 *   are in the shop, so the RETURN is written, and the second refund is a customer to contact. The till refuses
 *   this when it sees it; only the server, which sees both tills, can find it.
 */
export type ReturnLineDecision =
  | { action: 'restock' }
  | { action: 'already_back'; reason: 'line_reversed'; paidAtTill: boolean }
  | { action: 'restock_over'; reason: 'returned_twice'; left: Milli; conflict: 'contact_customer' };

export interface ReturnedSaleLine {
  /** what the sale sold on this line */
  sold: Milli;
  /** what earlier returns of this line took back */
  returnedBefore: Milli;
  /** the server reversed this line (the till knows once it has pulled the sale's result) */
  reversed: boolean;
  /** this return */
  qty: Milli;
}

export function decideReturnLine(line: ReturnedSaleLine, where: 'till' | 'server'): ReturnLineDecision {
  if (line.reversed) {
    if (where === 'till') throw new DomainError('INVALID_INPUT', 'the server reversed this line: settle it with the customer in its conflict, not as a return');
    return { action: 'already_back', reason: 'line_reversed', paidAtTill: true };
  }
  const left = line.sold - line.returnedBefore;
  if (line.qty <= left) return { action: 'restock' };
  if (where === 'till') {
    throw new DomainError('INVALID_QUANTITY', `only ${Math.max(left, 0) / 1000} of this line can still come back`, { sold: line.sold, returned: line.returnedBefore, requested: line.qty });
  }
  return { action: 'restock_over', reason: 'returned_twice', left: Math.max(left, 0), conflict: 'contact_customer' };
}

/**
 * Who may have done what, for ops replayed at the server. Rights come from the tenant's user records, never from
 * the op: the op only names a user, and that user must exist in the till's tenant and hold the role the action
 * needs. A user deactivated since is still accepted for an op already done (a sale made before the change
 * reached the till happened all the same); acting now, as on a conflict, needs an active user.
 */
export const MANAGER_ROLES: readonly Role[] = ['manager', 'head_office'];

export interface KnownUser {
  role: Role;
  active: boolean;
}

/**
 * The op fields that name users and what they did: the user of the session, and the manager who approved it
 * with their PIN (a sale's override, or a manager's op done in a cashier's session), if any.
 */
export interface OpActors {
  type: OperationType;
  userId: string;
  approverId: string | null;
}

export type ActorDecision = { ok: true } | { ok: false; code: 'UNKNOWN_USER' | 'FORBIDDEN'; reason: string };

const ANY_ROLE: readonly Role[] = ['cashier', 'manager', 'head_office'];

/**
 * Roles that may do each kind of op (as the till's branch API grants them): selling and serving a customer's
 * reservation is any user's, and so is a shift (a cashier opens, closes and moves cash in their own shift:
 * sync/plan/shifts.ts checks whose shift it is); receiving, wasting, counting, adjusting, every step of a transfer
 * posting the day's exchange rate, taking goods back against a receipt (a refund), opening the drawer without a
 * sale and voiding scanned lines is a manager's.
 */
export function rolesFor(type: OpActors['type']): readonly Role[] {
  switch (type) {
    case 'sale':
    case 'reservation_create':
    case 'reservation_fulfil':
    case 'reservation_release':
    case 'shift_open':
    case 'cash_move':
    case 'shift_close':
      return ANY_ROLE;
    case 'receipt':
    case 'waste':
    case 'stocktake':
    case 'adjustment':
    case 'transfer_request':
    case 'transfer_step':
    case 'transfer_dispatch':
    case 'transfer_receive':
    case 'transfer_resolve':
    case 'rate_post':
    case 'sale_return':
    case 'drawer_open':
    case 'line_void':
      return MANAGER_ROLES;
  }
}

/**
 * A sale needs any user of the tenant, and a manager as approver of its override. A manager's op needs a manager,
 * either as the user or as the approver of a cashier's session. Every user named must exist in the tenant.
 */
export function decideOpActors(op: OpActors, users: ReadonlyMap<string, KnownUser>): ActorDecision {
  const user = users.get(op.userId);
  if (user === undefined) return { ok: false, code: 'UNKNOWN_USER', reason: `user ${op.userId} is not a user of this tenant` };
  const approver = op.approverId === null ? null : users.get(op.approverId);
  if (approver === undefined) return { ok: false, code: 'UNKNOWN_USER', reason: `approver ${op.approverId} is not a user of this tenant` };
  if (approver !== null && !MANAGER_ROLES.includes(approver.role)) return { ok: false, code: 'FORBIDDEN', reason: `a ${approver.role} may not approve a ${op.type}` };
  if (!rolesFor(op.type).includes(user.role) && approver === null) {
    return { ok: false, code: 'FORBIDDEN', reason: `a ${user.role} may not record a ${op.type} without a manager's approval` };
  }
  return { ok: true };
}

/**
 * Marking a conflict contacted or resolved is a manager's decision, made now at the till: the user must be an
 * active manager who may log in at that till's store (head office may everywhere).
 */
export function mayWorkConflicts<U extends KnownUser>(user: U | null, assignedToStore: boolean): user is U {
  return user !== null && user.active && MANAGER_ROLES.includes(user.role) && (user.role === 'head_office' || assignedToStore);
}
