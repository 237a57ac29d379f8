/**
 * Group commit: one store runs at a time, and the items that arrive meanwhile go together in the
 * next one (at most `maxBatch`). An item that finds nothing running is stored at once, alone, so
 * a lone request waits for nobody; under a burst (a folder import, many POSTs in flight) each
 * store carries several items and pays its fixed cost (a transaction, a round trip per
 * statement) once for all of them. What waits is bounded by the requests in flight.
 */
export class StoreBatcher<I, R> {
  private pending: { item: I; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running = false;

  /**
   * `store` answers one settled result per item, in order (one item's failure is its own);
   * should it throw, every item of that batch fails with the error.
   */
  constructor(
    private readonly store: (items: readonly I[]) => Promise<PromiseSettledResult<R>[]>,
    private readonly maxBatch: number,
  ) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1)
      throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`);
  }

  /** Stores `item` with whatever else is waiting; resolves or rejects with its own result. */
  add(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.maxBatch);
        let results: PromiseSettledResult<R>[];
        try {
          results = await this.store(batch.map((b) => b.item));
          if (results.length !== batch.length)
            throw new Error(`store answered ${results.length} results for ${batch.length} items`);
        } catch (err) {
          for (const b of batch) b.reject(err);
          continue;
        }
        batch.forEach((b, i) => {
          const r = results[i]!;
          if (r.status === 'fulfilled') b.resolve(r.value);
          else b.reject(r.reason);
        });
      }
    } finally {
      this.running = false;
    }
  }
}
