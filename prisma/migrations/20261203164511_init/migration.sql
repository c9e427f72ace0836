-- uuid_generate_v7(): the default of every id column below. PostgreSQL 18 has uuidv7() built in,
-- 15 does not, so this is a standard RFC 9562 UUIDv7 in plain SQL:
--   48-bit big-endian Unix time in ms | version 0111 | 12 random bits | variant 10 | 62 random bits
-- The random bits come from gen_random_uuid() (a UUIDv4, whose variant is already 10): its first
-- 6 bytes are overwritten with the timestamp, and its version nibble 0100 becomes 0111 by setting
-- bits 52 and 53 (set_bit counts from the least significant bit of each byte, so 0x10 and 0x20 of
-- byte 6). clock_timestamp() rather than now(): ids carry the insert time, not the transaction start.
CREATE OR REPLACE FUNCTION uuid_generate_v7() RETURNS uuid
    LANGUAGE sql VOLATILE PARALLEL SAFE
AS $$
    SELECT encode(
        set_bit(
            set_bit(
                overlay(
                    uuid_send(gen_random_uuid())
                    PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                    FROM 1 FOR 6
                ),
                52, 1
            ),
            53, 1
        ),
        'hex'
    )::uuid;
$$;

COMMENT ON FUNCTION uuid_generate_v7() IS 'UUIDv7 (RFC 9562): 48-bit Unix ms timestamp, version 7, random rest';

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL DEFAULT uuid_generate_v7(),
    "tenant_id" TEXT NOT NULL,
    "organization_id" TEXT,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "last_four" TEXT NOT NULL,
    "scopes" TEXT[],
    "environment" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_records" (
    "id" UUID NOT NULL DEFAULT uuid_generate_v7(),
    "tenant_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response_status" INTEGER,
    "response_body" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "idempotency_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "products" (
    "id" UUID NOT NULL DEFAULT uuid_generate_v7(),
    "tenant_id" TEXT NOT NULL,
    "organization_id" TEXT,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "icon" TEXT,
    "slug" TEXT,
    "status" TEXT NOT NULL DEFAULT 'active',
    "canvas" JSONB NOT NULL DEFAULT '{}',
    "spec" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "capabilities" (
    "id" UUID NOT NULL DEFAULT uuid_generate_v7(),
    "tenant_id" TEXT NOT NULL,
    "product_id" UUID NOT NULL,
    "flow_id" UUID,
    "agent_id" TEXT,
    "capability_name" TEXT NOT NULL,
    "capability_description" TEXT,
    "parameters_schema" JSONB,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "display_order" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "capabilities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "surfaces" (
    "id" UUID NOT NULL DEFAULT uuid_generate_v7(),
    "tenant_id" TEXT NOT NULL,
    "product_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "environment" TEXT NOT NULL DEFAULT 'development',
    "config" JSONB,
    "behavior" JSONB,
    "inbound" JSONB,
    "outbound" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "surfaces_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "surface_items" (
    "id" UUID NOT NULL DEFAULT uuid_generate_v7(),
    "tenant_id" TEXT NOT NULL,
    "surface_id" UUID NOT NULL,
    "capability_id" UUID NOT NULL,
    "exposed_name" TEXT,
    "exposed_description" TEXT,
    "endpoint_slug" TEXT,
    "is_entry_point" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "display_order" INTEGER NOT NULL,
    "config" JSONB,
    "presentation" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "surface_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "surface_keys" (
    "id" UUID NOT NULL DEFAULT uuid_generate_v7(),
    "tenant_id" TEXT NOT NULL,
    "product_id" UUID NOT NULL,
    "surface_id" UUID,
    "name" TEXT,
    "key_hash" TEXT NOT NULL,
    "key_prefix" TEXT NOT NULL,
    "key_hint" TEXT,
    "encrypted_key" TEXT,
    "scopes" TEXT[],
    "rate_limit_per_minute" INTEGER,
    "rate_limit_per_day" INTEGER,
    "environment" TEXT NOT NULL DEFAULT 'test',
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "expires_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "surface_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flows" (
    "id" UUID NOT NULL DEFAULT uuid_generate_v7(),
    "tenant_id" TEXT NOT NULL,
    "organization_id" TEXT,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "steps" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "flows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "records" (
    "id" UUID NOT NULL DEFAULT uuid_generate_v7(),
    "tenant_id" TEXT NOT NULL,
    "organization_id" TEXT,
    "user_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "messages" JSONB,
    "product_surface_id" UUID,
    "metadata_labels" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedules" (
    "id" UUID NOT NULL DEFAULT uuid_generate_v7(),
    "tenant_id" TEXT NOT NULL,
    "organization_id" TEXT,
    "user_id" TEXT NOT NULL,
    "product_surface_id" UUID,
    "name" TEXT NOT NULL,
    "flow_id" UUID,
    "agent_id" TEXT,
    "record_type" TEXT,
    "record_ids" UUID[],
    "record_filter" JSONB,
    "trigger_type" TEXT NOT NULL,
    "cron" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "run_at" TIMESTAMPTZ(3),
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "next_run_at" TIMESTAMPTZ(3),
    "last_run_at" TIMESTAMPTZ(3),
    "execution_options" JSONB NOT NULL DEFAULT '{}',
    "inputs" JSONB NOT NULL DEFAULT '{}',
    "messages" JSONB,
    "paused_at" TIMESTAMPTZ(3),
    "pause_reason" TEXT,
    "overlap_policy" TEXT NOT NULL DEFAULT 'skip',
    "catchup_policy" TEXT NOT NULL DEFAULT 'latest',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "schedules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedule_runs" (
    "id" UUID NOT NULL DEFAULT uuid_generate_v7(),
    "tenant_id" TEXT NOT NULL,
    "schedule_id" UUID NOT NULL,
    "batch_execution_id" UUID,
    "flow_id" UUID,
    "agent_id" TEXT,
    "agent_execution_id" TEXT,
    "trigger" TEXT NOT NULL,
    "scheduled_for" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL,
    "total_records" INTEGER NOT NULL DEFAULT 0,
    "processed_records" INTEGER NOT NULL DEFAULT 0,
    "success_count" INTEGER NOT NULL DEFAULT 0,
    "failed_records" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schedule_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "batch_executions" (
    "id" UUID NOT NULL DEFAULT uuid_generate_v7(),
    "tenant_id" TEXT NOT NULL,
    "organization_id" TEXT,
    "user_id" TEXT NOT NULL,
    "flow_id" UUID,
    "schedule_id" UUID,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "total_records" INTEGER NOT NULL DEFAULT 0,
    "processed_records" INTEGER NOT NULL DEFAULT 0,
    "success_count" INTEGER NOT NULL DEFAULT 0,
    "failed_records" INTEGER NOT NULL DEFAULT 0,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "selection" JSONB NOT NULL,
    "selection_cutoff" TIMESTAMPTZ(3) NOT NULL,
    "materialized_at" TIMESTAMPTZ(3),
    "materialize_cursor" JSONB,
    "options" JSONB NOT NULL DEFAULT '{}',
    "inputs" JSONB NOT NULL DEFAULT '{}',
    "idempotency_key" TEXT,
    "request_id" TEXT,
    "enqueued_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "batch_executions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "batch_items" (
    "id" UUID NOT NULL DEFAULT uuid_generate_v7(),
    "batch_execution_id" UUID NOT NULL,
    "record_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "chunk" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "output" JSONB,
    "step_results" JSONB,
    "error" TEXT,
    "worker_id" TEXT,
    "lease_expires_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "batch_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "product_generation_sessions" (
    "id" UUID NOT NULL DEFAULT uuid_generate_v7(),
    "tenant_id" TEXT NOT NULL,
    "organization_id" TEXT,
    "user_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'intake',
    "prd" JSONB,
    "plan" JSONB,
    "product_object" JSONB,
    "product_object_hash" TEXT,
    "assembly_state" JSONB,
    "catalog_version" TEXT,
    "schema_version" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "product_generation_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "product_generation_events" (
    "id" UUID NOT NULL DEFAULT uuid_generate_v7(),
    "session_id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "organization_id" TEXT,
    "user_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "stage" TEXT,
    "message" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "product_generation_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "api_keys_tenant_id_id_idx" ON "api_keys"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "idempotency_records_expires_at_idx" ON "idempotency_records"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "idempotency_records_tenant_id_scope_key_key" ON "idempotency_records"("tenant_id", "scope", "key");

-- CreateIndex
CREATE INDEX "products_tenant_id_id_idx" ON "products"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "capabilities_product_id_display_order_idx" ON "capabilities"("product_id", "display_order");

-- CreateIndex
CREATE INDEX "capabilities_tenant_id_flow_id_idx" ON "capabilities"("tenant_id", "flow_id");

-- CreateIndex
CREATE INDEX "surfaces_product_id_id_idx" ON "surfaces"("product_id", "id");

-- CreateIndex
CREATE INDEX "surface_items_capability_id_idx" ON "surface_items"("capability_id");

-- CreateIndex
CREATE UNIQUE INDEX "surface_items_surface_id_endpoint_slug_key" ON "surface_items"("surface_id", "endpoint_slug");

-- CreateIndex
CREATE UNIQUE INDEX "surface_keys_key_hash_key" ON "surface_keys"("key_hash");

-- CreateIndex
CREATE INDEX "surface_keys_surface_id_created_at_idx" ON "surface_keys"("surface_id", "created_at");

-- CreateIndex
CREATE INDEX "surface_keys_product_id_idx" ON "surface_keys"("product_id");

-- CreateIndex
CREATE INDEX "flows_tenant_id_id_idx" ON "flows"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "records_tenant_id_id_idx" ON "records"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "records_tenant_id_type_id_idx" ON "records"("tenant_id", "type", "id");

-- CreateIndex
CREATE INDEX "records_metadata_idx" ON "records" USING GIN ("metadata" jsonb_path_ops);

-- CreateIndex
CREATE UNIQUE INDEX "records_tenant_id_type_name_key" ON "records"("tenant_id", "type", "name");

-- CreateIndex
CREATE INDEX "schedules_enabled_next_run_at_idx" ON "schedules"("enabled", "next_run_at");

-- CreateIndex
CREATE INDEX "schedules_tenant_id_id_idx" ON "schedules"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "schedules_product_surface_id_id_idx" ON "schedules"("product_surface_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "schedule_runs_batch_execution_id_key" ON "schedule_runs"("batch_execution_id");

-- CreateIndex
CREATE INDEX "schedule_runs_schedule_id_id_idx" ON "schedule_runs"("schedule_id", "id");

-- CreateIndex
CREATE INDEX "schedule_runs_tenant_id_id_idx" ON "schedule_runs"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "schedule_runs_schedule_id_scheduled_for_key" ON "schedule_runs"("schedule_id", "scheduled_for");

-- CreateIndex
CREATE INDEX "batch_executions_status_enqueued_at_idx" ON "batch_executions"("status", "enqueued_at");

-- CreateIndex
CREATE INDEX "batch_executions_tenant_id_id_idx" ON "batch_executions"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "batch_executions_tenant_id_idempotency_key_key" ON "batch_executions"("tenant_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "batch_items_batch_execution_id_status_seq_idx" ON "batch_items"("batch_execution_id", "status", "seq");

-- CreateIndex
CREATE INDEX "batch_items_batch_execution_id_seq_idx" ON "batch_items"("batch_execution_id", "seq");

-- CreateIndex
CREATE INDEX "batch_items_record_id_idx" ON "batch_items"("record_id");

-- CreateIndex
CREATE INDEX "batch_items_status_lease_expires_at_idx" ON "batch_items"("status", "lease_expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "batch_items_batch_execution_id_record_id_key" ON "batch_items"("batch_execution_id", "record_id");

-- CreateIndex
CREATE INDEX "product_generation_sessions_tenant_id_id_idx" ON "product_generation_sessions"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "product_generation_events_session_id_created_at_idx" ON "product_generation_events"("session_id", "created_at");

-- AddForeignKey
ALTER TABLE "capabilities" ADD CONSTRAINT "capabilities_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "capabilities" ADD CONSTRAINT "capabilities_flow_id_fkey" FOREIGN KEY ("flow_id") REFERENCES "flows"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "surfaces" ADD CONSTRAINT "surfaces_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "surface_items" ADD CONSTRAINT "surface_items_surface_id_fkey" FOREIGN KEY ("surface_id") REFERENCES "surfaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "surface_items" ADD CONSTRAINT "surface_items_capability_id_fkey" FOREIGN KEY ("capability_id") REFERENCES "capabilities"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "surface_keys" ADD CONSTRAINT "surface_keys_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "surface_keys" ADD CONSTRAINT "surface_keys_surface_id_fkey" FOREIGN KEY ("surface_id") REFERENCES "surfaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_product_surface_id_fkey" FOREIGN KEY ("product_surface_id") REFERENCES "surfaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedule_runs" ADD CONSTRAINT "schedule_runs_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "schedules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedule_runs" ADD CONSTRAINT "schedule_runs_batch_execution_id_fkey" FOREIGN KEY ("batch_execution_id") REFERENCES "batch_executions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "batch_items" ADD CONSTRAINT "batch_items_batch_execution_id_fkey" FOREIGN KEY ("batch_execution_id") REFERENCES "batch_executions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product_generation_events" ADD CONSTRAINT "product_generation_events_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "product_generation_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
