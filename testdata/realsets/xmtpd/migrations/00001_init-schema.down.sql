DROP TABLE node_info;
DROP TABLE staged_originator_envelopes;
DROP TABLE address_log;
DROP VIEW IF EXISTS gateway_envelopes_view;
DROP TABLE IF EXISTS gateway_envelope_blobs;
DROP TABLE IF EXISTS gateway_envelopes_meta CASCADE;
DROP TABLE IF EXISTS payers;