-- What a case system's write said, as the first 64 bits of the SHA-256 of its body as the
-- server read it (field order and spacing do not matter): the same version sent again with
-- other content is then refused as a version conflict instead of silently ignored. Empty
-- for items written before this column, which are compared by version alone.
ALTER TABLE external_refs ADD COLUMN fingerprint BIGINT;
