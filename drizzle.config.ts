import { defineConfig } from 'drizzle-kit';

/**
 * `npx drizzle-kit generate --name <what_changed>` writes the next migration of the one linear
 * sequence into models/migrations/ (SQL + meta). Never edit a migration that has landed.
 */
export default defineConfig({
  dialect: 'postgresql',
  schema: './models/schema.ts',
  out: './models/migrations',
  strict: true,
  verbose: true,
});
