import { setFlagsFromString } from 'node:v8';

/**
 * Caps how far V8 grows each heap of this process past what survived its last full collection
 * (`--heap-growing-percent`, process-wide: the API thread and every worker thread started
 * after). V8 picks its factor from the heap limit, which it sizes from the machine's memory: up
 * to 4× on this one, so a thread holding 55 MB of live objects kept up to 250 MB of heap between
 * full collections. A long-running server trades a few more (incremental, mostly concurrent)
 * collections for that memory. Set before the server allocates: later limits use the new
 * factor. `percent` 0 leaves V8's own factor.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
