-- Moves of tenants between servers. Each server records its side: the
-- target an 'in' row, the source an 'out' row. The target's switch
-- transaction (state 'live') is the single commit point of a move: before
-- it the source serves the tenant, after it the target does.
CREATE TABLE IF NOT EXISTS rollout.moves (
    tenant         text NOT NULL,
    direction      text NOT NULL CHECK (direction IN ('in', 'out')),
    peer           text NOT NULL,          -- the other server's name
    schema_name    text NOT NULL,
    -- out: 'frozen' (the application may read, not write), 'moved' (the
    -- schema is parked under parked_schema), 'finalized' (parked schema
    -- dropped), 'thawed' (the move was called off). in: 'live'.
    state          text NOT NULL,
    parked_schema  text,
    -- out: the application role's table privileges taken away by the freeze,
    -- to give back if the move is called off.
    revoked        jsonb NOT NULL DEFAULT '[]',
    tables         integer,
    rows           bigint,
    run_id         text NOT NULL,
    started_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, direction)
);
