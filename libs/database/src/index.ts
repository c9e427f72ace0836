export { DatabaseModule } from './database.module';
export { PrismaService, type Tx } from './prisma.service';
export { mapPrismaError, type MappedPrismaError } from './prisma-errors';
export { Prisma } from './generated/prisma/client';
export type * from './generated/prisma/models';
