CREATE TABLE pump_readings (
    pump_id uuid NOT NULL REFERENCES pumps (id),
    read_at timestamptz NOT NULL,
    flow_m3h numeric(10, 2),
    PRIMARY KEY (pump_id, read_at)
);
