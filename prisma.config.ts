import 'dotenv/config';
import { defineConfig } from 'prisma/config';

// No env("DATABASE_URL") here: it throws when the variable is unset, which breaks
// `prisma generate` in postinstall on a machine without a database.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL },
});
