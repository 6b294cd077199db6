// Channel operations in the generated Go, one set per variant of the code
// generator (codegen.ts Variant): the faithful ones are Go's own (chan int,
// <-, close, len, cap, range, select); the deliberately wrong 'lifo-buffer'
// variant's go through lchan (LIFO_GO, written as lifo.go next to the
// program), whose buffered values come out last in, first out, so the
// harness's tests can see a wrong channel caught.

/**
 * The deliberately wrong channel of the 'lifo-buffer' variant: values of a
 * buffered channel go through a side stack, so a receive takes the most
 * recently buffered value. Synchronisation (blocking, close, wait reasons)
 * stays the real channel's; only the order of buffered values is wrong.
 */
export const LIFO_GO = `// lchan: variant lifo-buffer, a deliberately WRONG channel for testing the
// harness: a buffered channel's values go through a stack (last in, first
// out); the real channel underneath carries only the blocking.
package main

import "sync"

type lchan struct {
	c     chan int
	mu    sync.Mutex
	stack []int
}

func mkL(n int) *lchan { return &lchan{c: make(chan int, n)} }

func (l *lchan) ch() chan int {
	if l == nil {
		return nil
	}
	return l.c
}

func (l *lchan) buffered() bool { return l != nil && cap(l.c) > 0 }

// sent: a send completed; a buffered value goes on the stack.
func (l *lchan) sent(v int) {
	if l.buffered() {
		l.mu.Lock()
		l.stack = append(l.stack, v)
		l.mu.Unlock()
	}
}

// got: a receive completed; a buffered channel gives the top of the stack.
func (l *lchan) got(v int, ok bool) int {
	if !ok || !l.buffered() {
		return v
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := len(l.stack); n > 0 {
		v = l.stack[n-1]
		l.stack = l.stack[:n-1]
	}
	return v
}

func (l *lchan) send(v int) {
	l.ch() <- v
	l.sent(v)
}

func (l *lchan) recv() (int, bool) {
	v, ok := <-l.ch()
	return l.got(v, ok), ok
}

func (l *lchan) close()        { close(l.ch()) }
func (l *lchan) length() int   { return len(l.ch()) }
func (l *lchan) capacity() int { return cap(l.ch()) }

func shutL(l *lchan) {
	if l != nil {
		shut(l.c)
	}
}
`;

/** How a channel is made, used and shut down in one variant's Go. */
export interface ChanOps {
  readonly type: string;
  make(cap: number): string;
  send(ch: string, v: string): string;
  /** A receive statement; into/ok are Go lvalues or undefined. */
  recv(ch: string, into: string | undefined, ok: string | undefined): string;
  close(ch: string): string;
  len(ch: string): string;
  cap(ch: string): string;
  /** `for … range` header and the lines opening its body (t: fresh temporaries). */
  range(ch: string, into: string | undefined, t: () => string): { head: string; prologue: string[] };
  /** A select send case; `v` is already a temporary (lifo) or an expression. */
  selectSend(ch: string, v: string): { head: string; prologue: string[] };
  selectRecv(ch: string, into: string | undefined, ok: string | undefined, t: () => string): { head: string; prologue: string[] };
  /** Whether send values are hoisted into temporaries before a select. */
  readonly hoistSelectSends: boolean;
  shut(ch: string): string;
}

function recvLhs(into: string | undefined, ok: string | undefined): string {
  if (into !== undefined && ok !== undefined) return `${into}, ${ok} = `;
  if (into !== undefined) return `${into} = `;
  if (ok !== undefined) return `_, ${ok} = `;
  return '';
}

export const FAITHFUL_OPS: ChanOps = {
  type: 'chan int',
  make: (cap) => (cap === 0 ? 'make(chan int)' : `make(chan int, ${cap})`),
  send: (ch, v) => `${ch} <- ${v}`,
  recv: (ch, into, ok) => `${recvLhs(into, ok)}<-${ch}`,
  close: (ch) => `close(${ch})`,
  len: (ch) => `len(${ch})`,
  cap: (ch) => `cap(${ch})`,
  range: (ch, into) => ({ head: into !== undefined ? `for ${into} = range ${ch} {` : `for range ${ch} {`, prologue: [] }),
  selectSend: (ch, v) => ({ head: `case ${ch} <- ${v}:`, prologue: [] }),
  selectRecv: (ch, into, ok) => ({ head: `case ${recvLhs(into, ok)}<-${ch}:`, prologue: [] }),
  hoistSelectSends: false,
  shut: (ch) => `shut(${ch})`,
};

export const LIFO_OPS: ChanOps = {
  type: '*lchan',
  make: (cap) => `mkL(${cap})`,
  send: (ch, v) => `${ch}.send(${v})`,
  recv: (ch, into, ok) => {
    if (into === undefined && ok === undefined) return `${ch}.recv()`;
    return `${into ?? '_'}, ${ok ?? '_'} = ${ch}.recv()`;
  },
  close: (ch) => `${ch}.close()`,
  len: (ch) => `${ch}.length()`,
  cap: (ch) => `${ch}.capacity()`,
  range: (ch, into, t) => {
    const v = t();
    const ok = t();
    return {
      head: 'for {',
      prologue: [`${v}, ${ok} := ${ch}.recv()`, `if !${ok} {`, '\tbreak', '}', into !== undefined ? `${into} = ${v}` : `_ = ${v}`],
    };
  },
  selectSend: (ch, v) => ({ head: `case ${ch}.ch() <- ${v}:`, prologue: [`${ch}.sent(${v})`] }),
  selectRecv: (ch, into, ok, t) => {
    const v = t();
    const k = t();
    const got = `${ch}.got(${v}, ${k})`;
    const prologue =
      into !== undefined && ok !== undefined ? [`${into}, ${ok} = ${got}, ${k}`]
      : into !== undefined ? [`${into} = ${got}`]
      : ok !== undefined ? [`_ = ${got}`, `${ok} = ${k}`]
      : [`_ = ${got}`];
    return { head: `case ${v}, ${k} := <-${ch}.ch():`, prologue };
  },
  hoistSelectSends: true,
  shut: (ch) => `shutL(${ch})`,
};
