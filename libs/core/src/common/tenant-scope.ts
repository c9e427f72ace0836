import { Prisma, type Tx } from '@app/database';

/**
 * Locks one tenant-owned row for the rest of the transaction (read-modify-write of JSON
 * columns) and tells whether it exists for this tenant.
 */
export async function lockTenantRow(tx: Tx, table: string, tenantId: string, id: string): Promise<boolean> {
  const rows = await tx.$queryRaw<unknown[]>(
    Prisma.sql`SELECT 1 FROM ${Prisma.raw(`"${table}"`)} WHERE id = ${id}::uuid AND tenant_id = ${tenantId} FOR UPDATE`,
  );
  return rows.length > 0;
}
