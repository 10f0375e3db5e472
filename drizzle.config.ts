import { defineConfig } from 'drizzle-kit';

// Tables live beside their domain; drizzle-kit collects them from every *.table.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./server/platform/**/*.table.ts', './server/modules/**/*.table.ts'],
  out: './migrations',
  casing: 'snake_case',
});
