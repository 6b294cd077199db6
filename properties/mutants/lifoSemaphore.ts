// Seeded bug: the runtime semaphore readies its newest waiter (a stack
// instead of sema.go's queue), at the gc level where Go readies the head.
// Killed by: wakesQueueHead (Unlock readies the tail).

import { mutant } from '../../model/semantics.ts';

export const lifoSemaphore = mutant('sync', (go, level) => ({ semaServable: (n) => (level === 'gc' && n > 0 ? [n - 1] : go.semaServable(n)) }));
