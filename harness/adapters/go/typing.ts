// Types of registers in the generated Go, by unification over their uses
// (invariant 3 of codegen.ts): each register slot, and each procedure's
// result, is a node; int and bool are the two constant nodes; a use unifies
// nodes (recv into → int, arithmetic → int, comparisons → bool, a closure's
// copy ↔ the parent's register, …). A register nothing constrains is an
// int. Two constants meeting make the case unsupported, the registers named.

import type { GoType } from './goexpr.ts';
import { Unsupported } from './goexpr.ts';

export class TypeUnifier {
  /** Node 0 is int, node 1 is bool; every other node is a type variable. */
  private readonly parent: number[] = [0, 1];
  private readonly what: string[] = ['int', 'bool'];
  static readonly INT = 0;
  static readonly BOOL = 1;

  fresh(what: string): number {
    this.parent.push(this.parent.length);
    this.what.push(what);
    return this.parent.length - 1;
  }

  find(n: number): number {
    let r = n;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[n] !== r) {
      const next = this.parent[n]!;
      this.parent[n] = r;
      n = next;
    }
    return r;
  }

  unify(a: number, b: number, where: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (ra <= 1 && rb <= 1) {
      const who = [a, b].filter((n) => n > 1).map((n) => this.what[n]).join(' and ');
      throw new Unsupported(`${who || 'a value'} would be both an int and a bool (at ${where}); registers hold one type in Go`);
    }
    // A constant type stays the root.
    if (rb <= 1) this.parent[ra] = rb;
    else this.parent[rb] = ra;
  }

  typeOf(n: number): GoType {
    return this.find(n) === TypeUnifier.BOOL ? 'bool' : 'int';
  }
}
