#!/bin/sh
# Only its existence matters: `prisma generate/validate/format` skip the schema-engine download
# when PRISMA_SCHEMA_ENGINE_BINARY names an existing file, and never execute it.
echo "The native Prisma schema engine is not available offline; use the npm run db:* scripts" >&2
exit 1
