import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error';
import type { Principal } from '../common/principal';
import {
  ProductOverviewRepository,
  type CleanupPreview,
  type ConfigurationCapabilityRow,
  type ConfigurationScheduleRow,
  type ConfigurationSurfaceRow,
} from './product-overview.repository';

/** Machine-readable reasons a part of a product is not ready. */
export const CONFIGURATION_ISSUES = [
  'disabled',
  'flow_missing',
  'no_items',
  'no_keys',
  'no_record_source',
  'paused',
] as const;
export type ConfigurationIssue = (typeof CONFIGURATION_ISSUES)[number];

export interface CleanupPreviewWithNotes extends CleanupPreview {
  notes: string[];
}

export interface CapabilityConfiguration {
  id: string;
  capabilityName: string;
  enabled: boolean;
  target: 'flow' | 'agent';
  flowId: string | null;
  flowExists: boolean;
  issues: ConfigurationIssue[];
}

export interface SurfaceConfiguration extends ConfigurationSurfaceRow {
  issues: ConfigurationIssue[];
}

export interface ScheduleConfiguration {
  id: string;
  name: string;
  surfaceId: string | null;
  enabled: boolean;
  paused: boolean;
  hasRecordSource: boolean;
  issues: ConfigurationIssue[];
}

export interface ProductConfiguration {
  productId: string;
  ready: boolean;
  capabilities: CapabilityConfiguration[];
  surfaces: SurfaceConfiguration[];
  schedules: ScheduleConfiguration[];
  missing: string[];
}

const CLEANUP_NOTES = [
  'Deleting the product removes everything under `removes` in one transaction.',
  'Flows are not deleted: capabilities and schedules only reference them.',
  'Records keep their productSurfaceId, which then names a deleted surface.',
  'Batch executions of the deleted schedules stay readable by id (GET /v1/batch/status/:id) with their per-record results.',
];

@Injectable()
export class ProductOverviewService {
  constructor(private readonly overview: ProductOverviewRepository) {}

  /** A dry run of `DELETE /v1/products/:id`: what it removes and what it leaves behind. */
  async cleanupPreview(principal: Principal, productId: string): Promise<CleanupPreviewWithNotes> {
    const preview = await this.overview.cleanupPreview(principal.tenantId, productId);
    if (!preview) throw AppError.notFound('Product');
    return { ...preview, notes: CLEANUP_NOTES };
  }

  /** Whether the product is wired up end to end, and what is missing if not. */
  async configuration(principal: Principal, productId: string): Promise<ProductConfiguration> {
    const rows = await this.overview.configuration(principal.tenantId, productId, new Date());
    if (!rows) throw AppError.notFound('Product');
    const missing: string[] = [];
    if (rows.capabilities.length === 0) missing.push('Product has no capabilities');
    if (rows.surfaces.length === 0) missing.push('Product has no surfaces');

    const capabilities = rows.capabilities.map((row) => capabilityConfiguration(row, missing));
    const surfaces = rows.surfaces.map((row) => surfaceConfiguration(row, missing));
    const schedules = rows.schedules.map((row) => scheduleConfiguration(row, missing));
    return { productId, ready: missing.length === 0, capabilities, surfaces, schedules, missing };
  }
}

function capabilityConfiguration(
  row: ConfigurationCapabilityRow,
  missing: string[],
): CapabilityConfiguration {
  const target = row.agentId ? 'agent' : 'flow';
  const flowExists = row.flow !== null;
  const issues: ConfigurationIssue[] = [];
  if (!row.enabled) {
    issues.push('disabled');
    missing.push(`Capability '${row.capabilityName}' is disabled`);
  }
  if (target === 'flow' && !flowExists) {
    issues.push('flow_missing');
    missing.push(`Capability '${row.capabilityName}' has no flow (it was deleted)`);
  }
  return {
    id: row.id,
    capabilityName: row.capabilityName,
    enabled: row.enabled,
    target,
    flowId: row.flowId,
    flowExists,
    issues,
  };
}

function surfaceConfiguration(row: ConfigurationSurfaceRow, missing: string[]): SurfaceConfiguration {
  const issues: ConfigurationIssue[] = [];
  if (row.itemCount === 0) {
    issues.push('no_items');
    missing.push(`Surface '${row.name}' has no items`);
  }
  if (row.keyCount === 0) {
    issues.push('no_keys');
    missing.push(`Surface '${row.name}' has no active keys`);
  }
  return { ...row, issues };
}

function scheduleConfiguration(row: ConfigurationScheduleRow, missing: string[]): ScheduleConfiguration {
  const hasRecordSource = row.recordIds.length > 0 || row.recordFilter !== null || row.recordType !== null;
  const paused = !row.enabled || row.pausedAt !== null;
  const issues: ConfigurationIssue[] = [];
  if (!hasRecordSource) {
    issues.push('no_record_source');
    missing.push(`Schedule '${row.name}' has no record source (recordIds, recordFilter or recordType)`);
  }
  if (paused) {
    issues.push('paused');
    missing.push(`Schedule '${row.name}' is paused`);
  }
  return {
    id: row.id,
    name: row.name,
    surfaceId: row.productSurfaceId,
    enabled: row.enabled,
    paused,
    hasRecordSource,
    issues,
  };
}
