import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one fork less than the cores: a single fork on a 2-core CI machine,
    // where most files wait on PostgreSQL, Redis, a browser or a child process. Two forks there
    // took the suite from 2,252 s to 1,187 s at the same load (docs/measurements.md, CI time).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
