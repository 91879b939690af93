DROP FUNCTION IF EXISTS ensure_gateway_parts_v2;
DROP FUNCTION IF EXISTS make_meta_originator_part_v2;
DROP FUNCTION IF EXISTS make_meta_seq_subpart_v2;
DROP FUNCTION IF EXISTS make_blob_originator_part_v2;
DROP FUNCTION IF EXISTS make_blob_seq_subpart_v2;