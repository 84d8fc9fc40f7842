/**
 * Incremental takes lists for the Lyrics Player. A folder of thousands of takes
 * (lyrics and prompts included) is tens of megabytes as one list; posting it on
 * every file event made each event cost that much on both sides. So after `init`
 * the host posts only what changed since its last post (`takesDelta`), and the
 * webview applies it to the list it has.
 *
 * Pure and browser-safe: the host computes deltas with `diffTakes`, the webview
 * applies them with `applyTakesDelta`, and unit tests exercise both without
 * VS Code.
 */
import type { HostMessage, PendingView, TakeView } from './playerProtocol';

export type TakesDeltaMessage = Extract<HostMessage, { type: 'takesDelta' }>;
export type TakesFullMessage = Extract<HostMessage, { type: 'takes' }>;

/** What the host last posted, kept serialized so comparing a take is one string comparison. */
export interface TakesBaseline {
  readonly takes: ReadonlyMap<string, string>;
  readonly order: readonly string[];
  readonly pending: string;
}

export const EMPTY_BASELINE: TakesBaseline = { takes: new Map(), order: [], pending: '[]' };

/** The baseline after posting these lists in full (`init` or `takes`). */
export function takesBaseline(takes: readonly TakeView[], pending: readonly PendingView[]): TakesBaseline {
  return {
    takes: new Map(takes.map((take) => [take.id, JSON.stringify(take)])),
    order: takes.map((take) => take.id),
    pending: JSON.stringify(pending),
  };
}

/**
 * What to post so the webview, holding `baseline`, ends up with these lists:
 * nothing when nothing changed, else a `takesDelta` — or the full `takes` when
 * no take carries over, since a delta would then be no smaller.
 */
export function diffTakes(
  baseline: TakesBaseline,
  takes: readonly TakeView[],
  pending: readonly PendingView[],
): { readonly message: TakesDeltaMessage | TakesFullMessage | null; readonly baseline: TakesBaseline } {
  const next = takesBaseline(takes, pending);
  const upsert = takes.filter((take) => baseline.takes.get(take.id) !== next.takes.get(take.id));
  const remove = baseline.order.filter((id) => !next.takes.has(id));
  // The order is sent only when it can't be derived: new ids to place, or listed ids moved. Removals
  // and changed contents alone keep the rest in place, so a one-sidecar edit stays one take small.
  const kept = baseline.order.filter((id) => next.takes.has(id));
  const orderUnchanged = kept.length === next.order.length && kept.every((id, index) => id === next.order[index]);
  const pendingChanged = next.pending !== baseline.pending;
  if (upsert.length === 0 && remove.length === 0 && orderUnchanged && !pendingChanged) return { message: null, baseline };
  if (takes.length > 0 && upsert.length === takes.length) return { message: { type: 'takes', takes: [...takes], pending: [...pending] }, baseline: next };
  return {
    message: {
      type: 'takesDelta',
      upsert,
      remove,
      order: orderUnchanged ? null : [...next.order],
      // The pending list is a handful of records: sent whole, and only when it changed.
      pending: pendingChanged ? [...pending] : null,
    },
    baseline: next,
  };
}

/**
 * The takes list after a delta. Returns `missing`: ids the delta's order names that neither the
 * list nor the delta holds, which means the two sides drifted apart (the caller can log it).
 */
export function applyTakesDelta(takes: readonly TakeView[], delta: TakesDeltaMessage): { readonly takes: TakeView[]; readonly missing: string[] } {
  const byId = new Map(takes.map((take) => [take.id, take]));
  for (const id of delta.remove) byId.delete(id);
  for (const take of delta.upsert) byId.set(take.id, take);
  if (delta.order === null) {
    // Same order as before: the surviving takes in place (with their new contents), then any new id the host
    // placed at the end (a well-behaved host sends an order whenever there is one).
    const seen = new Set<string>();
    const result: TakeView[] = [];
    for (const take of takes) {
      const now = byId.get(take.id);
      if (now && !seen.has(take.id)) {
        seen.add(take.id);
        result.push(now);
      }
    }
    for (const take of delta.upsert) {
      if (!seen.has(take.id)) {
        seen.add(take.id);
        result.push(take);
      }
    }
    return { takes: result, missing: [] };
  }
  const result: TakeView[] = [];
  const missing: string[] = [];
  for (const id of delta.order) {
    const take = byId.get(id);
    if (take) result.push(take);
    else missing.push(id);
  }
  return { takes: result, missing };
}
