CREATE INDEX pumps_attributes_idx ON pumps USING gin (attributes);
