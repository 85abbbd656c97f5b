/**
 * A counting semaphore over a launcher's slots that also says WHICH slot a holder got, so a
 * launcher can tie per-slot resources to it (the SSH pool maps a slot to a host and a GPU id for
 * `CUDA_VISIBLE_DEVICES`). The lowest free index is always handed out first, and waiters are
 * served in arrival order, so slot assignment is deterministic for a given sequence of events.
 */

/** One held slot. Release it exactly when the trial using it has ended. */
export interface SlotLease {
  /** 0-based slot index, below the semaphore's `capacity`. */
  readonly index: number;
  /** Gives the slot back. Releasing twice is harmless. */
  release(): void;
}

interface Waiter {
  readonly resolve: (lease: SlotLease) => void;
  readonly reject: (reason: Error) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

/** The slots of one target. */
export class Slots {
  /** Total number of slots. */
  readonly capacity: number;
  private readonly busy: boolean[];
  private readonly waiters: Waiter[] = [];

  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`a target needs at least 1 slot (a whole number), got ${String(capacity)}`);
    }
    this.capacity = capacity;
    this.busy = new Array<boolean>(capacity).fill(false);
  }

  /** Slots free right now. */
  get available(): number {
    return this.busy.filter((held) => !held).length;
  }

  /** Number of callers waiting for a slot. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Takes the lowest free slot, or returns undefined when all are held. Never jumps the queue. */
  tryAcquire(): SlotLease | undefined {
    if (this.waiters.length > 0) return undefined;
    return this.take();
  }

  /**
   * Waits for a slot. Rejects with the signal's reason (an `AbortError` by default) if `signal`
   * aborts first, e.g. when the sweep is canceled while trials queue.
   */
  acquire(signal?: AbortSignal): Promise<SlotLease> {
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    const lease = this.tryAcquire();
    if (lease !== undefined) return Promise.resolve(lease);
    return new Promise<SlotLease>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          if (signal !== undefined) reject(abortReason(signal));
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private take(): SlotLease | undefined {
    const index = this.busy.indexOf(false);
    if (index < 0) return undefined;
    this.busy[index] = true;
    let released = false;
    return {
      index,
      release: () => {
        if (released) return;
        released = true;
        this.busy[index] = false;
        this.serveWaiters();
      },
    };
  }

  private serveWaiters(): void {
    while (this.waiters.length > 0) {
      const lease = this.take();
      if (lease === undefined) return;
      const waiter = this.waiters.shift();
      if (waiter === undefined) {
        lease.release();
        return;
      }
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(lease);
    }
  }
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException('waiting for a slot was aborted', 'AbortError');
}
