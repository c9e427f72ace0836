import { z } from 'zod';
import { CONFIGURATION_ISSUES, type ProductConfiguration } from '@app/core';
import { createZodDto } from '../../../common/zod-dto';

const issues = z.array(z.enum(CONFIGURATION_ISSUES));

export const productConfigurationSchema = z.object({
  productId: z.string(),
  dashboardUrl: z.string(),
  ready: z.boolean().describe('No issues anywhere (and at least one capability and one surface)'),
  capabilities: z.array(
    z.object({
      id: z.string(),
      capabilityName: z.string(),
      enabled: z.boolean(),
      target: z.enum(['flow', 'agent']),
      flowId: z.string().nullable(),
      flowExists: z.boolean(),
      issues,
    }),
  ),
  surfaces: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      type: z.string(),
      environment: z.string(),
      status: z.string(),
      itemCount: z.number().int(),
      keyCount: z.number().int().describe('Active keys that have not expired'),
      scheduleCount: z.number().int(),
      issues,
    }),
  ),
  schedules: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      surfaceId: z.string().nullable(),
      enabled: z.boolean(),
      paused: z.boolean(),
      hasRecordSource: z.boolean(),
      issues,
    }),
  ),
  missing: z.array(z.string()).describe('Every issue in words, e.g. "Surface \'Chat\' has no items"'),
});

export class ProductConfigurationResponse extends createZodDto(productConfigurationSchema) {}

export function toProductConfigurationResponse(
  configuration: ProductConfiguration,
  dashboardBaseUrl: string,
): ProductConfigurationResponse {
  return {
    productId: configuration.productId,
    dashboardUrl: `${dashboardBaseUrl}/products/${configuration.productId}`,
    ready: configuration.ready,
    capabilities: configuration.capabilities.map((c) => ({
      id: c.id,
      capabilityName: c.capabilityName,
      enabled: c.enabled,
      target: c.target,
      flowId: c.flowId,
      flowExists: c.flowExists,
      issues: c.issues,
    })),
    surfaces: configuration.surfaces.map((s) => ({
      id: s.id,
      name: s.name,
      type: s.type,
      environment: s.environment,
      status: s.status,
      itemCount: s.itemCount,
      keyCount: s.keyCount,
      scheduleCount: s.scheduleCount,
      issues: s.issues,
    })),
    schedules: configuration.schedules.map((s) => ({
      id: s.id,
      name: s.name,
      surfaceId: s.surfaceId,
      enabled: s.enabled,
      paused: s.paused,
      hasRecordSource: s.hasRecordSource,
      issues: s.issues,
    })),
    missing: configuration.missing,
  };
}
