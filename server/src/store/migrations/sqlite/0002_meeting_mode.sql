-- Parley schema v2 (SQLite): how a meeting carries media. 'auto': peer-to-peer (mesh) until it grows
-- past the mesh limit, then the SFU; 'sfu': the SFU from the start.
ALTER TABLE meetings ADD COLUMN mode TEXT NOT NULL DEFAULT 'auto' CHECK (mode IN ('auto', 'sfu'));
