-- The rollout policy's state: when each version of each module became
-- healthy on each tenant (soak times count from here), approvals of waves,
-- and halted waves. Times come from rollout's clock, passed in by the
-- command, not from now(): a soak is measured on the same clock that reads it.

-- One row per tenant, module and version that ran with its checks passing.
-- healthy_since is NULL after a failing check: the soak clock starts again
-- at the next passing one.
CREATE TABLE IF NOT EXISTS rollout.version_health (
    tenant          text NOT NULL,
    module          text NOT NULL,
    version         bigint NOT NULL,
    healthy_since   timestamptz,
    last_failed_at  timestamptz,
    PRIMARY KEY (tenant, module, version)
);

-- `rollout approve --wave N`: who let the wave take which versions.
CREATE TABLE IF NOT EXISTS rollout.approvals (
    id           bigserial PRIMARY KEY,
    wave         integer NOT NULL,
    versions     jsonb NOT NULL,   -- module → highest version approved
    actor        text NOT NULL,
    approved_at  timestamptz NOT NULL,
    run_id       text NOT NULL
);

-- A wave halted by max_failures stays halted across runs until resumed
-- (`rollout resume --wave N`) or its failed tenants succeed again.
CREATE TABLE IF NOT EXISTS rollout.halts (
    id              bigserial PRIMARY KEY,
    wave            integer NOT NULL,
    reason          text NOT NULL,
    failed_tenants  text[] NOT NULL DEFAULT '{}',
    halted_at       timestamptz NOT NULL,
    run_id          text NOT NULL,
    resumed_at      timestamptz,
    resumed_by      text,
    resume_note     text
);

CREATE UNIQUE INDEX IF NOT EXISTS halts_active_idx ON rollout.halts (wave) WHERE resumed_at IS NULL;
