DROP INDEX pumps_attributes_idx;
