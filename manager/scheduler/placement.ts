/**
 * Placing a group of identical tasks (one service, one spec) over the nodes
 * that pass the pipeline, in one go.
 *
 * Spread: each task goes to the node with the fewest tasks of the service,
 * then the fewest tasks in all, then a rank drawn once per group (so ties
 * do not always fall on the same node). With placement preferences the nodes
 * form a tree, one level per preference, one branch per value of its label
 * (nodes lacking the label form a branch of their own); each task goes down
 * the branch holding the fewest tasks of the service, as Swarm's do.
 *
 * A node that took a task is checked again (its resources, max replicas and
 * host ports changed) and leaves the tree when it fails.
 */
import { nodeAttribute } from './constraint.js';
import type { NodeInfo } from './node-info.js';

/** A binary min-heap. */
export class Heap<T> {
  private readonly items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  push(x: T): void {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pi = a[p] as T;
      if (!this.less(x, pi)) break;
      a[i] = pi;
      i = p;
    }
    a[i] = x;
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    const n = a.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && this.less(a[r] as T, a[l] as T)) c = r;
      if (!this.less(a[c] as T, last)) break;
      a[i] = a[c] as T;
      i = c;
    }
    a[i] = last;
    return top;
  }
}

interface Branch {
  /** Tasks of the service on the branch's nodes. */
  count: number;
  rank: number;
  open: boolean;
  children: Map<string, Branch> | undefined;
  heap: Heap<NodeInfo> | undefined;
}

/** The value a preference puts a node under; nodes lacking the label share one branch. */
const MISSING = '\u0000';

export interface GroupPlacement {
  serviceId: string;
  /** The label keys of the spread preferences, outermost first (`node.labels.zone`). */
  preferences: readonly string[];
  /** Draws a tie-breaking rank in [0, 1). */
  random: () => number;
  /** Whether the node still passes the pipeline (called after each task it takes). */
  stillFits: (n: NodeInfo) => boolean;
}

/** Chooses nodes one task at a time; the caller records each choice (its counts move) before asking again. */
export class GroupPlacer {
  private readonly root: Branch;
  private readonly ranks = new Map<string, number>();
  private path: Branch[] = [];

  constructor(candidates: readonly NodeInfo[], private readonly g: GroupPlacement) {
    for (const n of candidates) this.ranks.set(n.id, g.random());
    const sid = g.serviceId;
    const less = (a: NodeInfo, b: NodeInfo): boolean => {
      const sa = a.tasksOf(sid);
      const sb = b.tasksOf(sid);
      if (sa !== sb) return sa < sb;
      if (a.total !== b.total) return a.total < b.total;
      return (this.ranks.get(a.id) ?? 0) < (this.ranks.get(b.id) ?? 0);
    };
    const newBranch = (leaf: boolean): Branch => ({
      count: 0,
      rank: g.random(),
      open: false,
      children: leaf ? undefined : new Map(),
      heap: leaf ? new Heap(less) : undefined,
    });
    this.root = newBranch(g.preferences.length === 0);
    for (const n of candidates) {
      const own = n.tasksOf(sid);
      let b = this.root;
      b.count += own;
      b.open = true;
      g.preferences.forEach((key, depth) => {
        const value = n.node === undefined ? MISSING : nodeAttribute(n.node, key) || MISSING;
        const children = b.children as Map<string, Branch>;
        let c = children.get(value);
        if (c === undefined) children.set(value, (c = newBranch(depth === g.preferences.length - 1)));
        c.count += own;
        c.open = true;
        b = c;
      });
      b.heap?.push(n);
    }
  }

  /** The node for the next task, or undefined when none is left. */
  next(): NodeInfo | undefined {
    if (!this.root.open) return undefined;
    const path: Branch[] = [this.root];
    let b = this.root;
    while (b.children !== undefined) {
      let best: Branch | undefined;
      for (const c of b.children.values()) {
        if (!c.open) continue;
        if (best === undefined || c.count < best.count || (c.count === best.count && c.rank < best.rank)) best = c;
      }
      if (best === undefined) return undefined;
      b = best;
      path.push(b);
    }
    this.path = path;
    return b.heap?.pop();
  }

  /** Records that the node from next() took the task: counts go up, and the node goes back if it still fits. */
  placed(n: NodeInfo): void {
    for (const b of this.path) b.count++;
    const leaf = this.path[this.path.length - 1];
    if (leaf === undefined) return;
    if (this.g.stillFits(n)) {
      leaf.heap?.push(n);
      return;
    }
    if ((leaf.heap?.size ?? 0) > 0) return;
    // close the branches left with nothing open below them
    for (let i = this.path.length - 1; i >= 0; i--) {
      const b = this.path[i] as Branch;
      const open = b.heap !== undefined ? b.heap.size > 0 : [...(b.children?.values() ?? [])].some((c) => c.open);
      if (open) break;
      b.open = false;
    }
  }
}
