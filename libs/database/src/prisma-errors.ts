import { Prisma } from './generated/prisma/client';

export interface MappedPrismaError {
  status: 400 | 404 | 409 | 503;
  code: 'CONFLICT' | 'NOT_FOUND' | 'INVALID_REFERENCE' | 'VALIDATION_FAILED' | 'DATABASE_UNAVAILABLE';
  message: string;
  details?: unknown;
}

/** Known Prisma errors → HTTP meaning. Anything else is a 500 and is logged, not shown. */
export function mapPrismaError(error: unknown): MappedPrismaError | undefined {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    switch (error.code) {
      case 'P2002':
        return {
          status: 409,
          code: 'CONFLICT',
          message: 'A resource with the same unique fields already exists',
          details: uniqueTarget(error),
        };
      case 'P2025':
      case 'P2001':
        return { status: 404, code: 'NOT_FOUND', message: 'Resource not found' };
      case 'P2003':
        return { status: 400, code: 'INVALID_REFERENCE', message: 'A referenced resource does not exist' };
      case 'P2000':
        return { status: 400, code: 'VALIDATION_FAILED', message: 'A value is too long for its field' };
      case 'P2023':
        return { status: 400, code: 'VALIDATION_FAILED', message: 'Malformed identifier' };
      default:
        return undefined;
    }
  }
  if (error instanceof Prisma.PrismaClientInitializationError) {
    return { status: 503, code: 'DATABASE_UNAVAILABLE', message: 'The database is unavailable' };
  }
  return undefined;
}

function uniqueTarget(error: Prisma.PrismaClientKnownRequestError): { fields: string[] } | undefined {
  const meta = error.meta as {
    target?: unknown;
    driverAdapterError?: { cause?: { constraint?: { fields?: unknown } } };
  };
  const fields = meta?.driverAdapterError?.cause?.constraint?.fields ?? meta?.target;
  return Array.isArray(fields) ? { fields: fields.map(String) } : undefined;
}
