-- Parley schema v1 (SQLite). Times are milliseconds since the Unix epoch (UTC).
CREATE TABLE users (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  name          TEXT    NOT NULL,
  username      TEXT    NOT NULL UNIQUE, -- lowercased by the server, so unique case-insensitively
  password_hash TEXT    NOT NULL,
  created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
  token_hash   TEXT    PRIMARY KEY,      -- SHA-256 of the token, hex
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  revoked_at   INTEGER
);
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE meetings (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  code           TEXT    NOT NULL UNIQUE,
  title          TEXT    NOT NULL,
  host_user_id   INTEGER NOT NULL REFERENCES users(id),
  created_at     INTEGER NOT NULL,
  guests_allowed INTEGER NOT NULL,
  lobby          INTEGER NOT NULL,
  password_hash  TEXT,
  locked         INTEGER NOT NULL DEFAULT 0,
  ended_at       INTEGER
);
CREATE INDEX meetings_by_host ON meetings(host_user_id);

CREATE TABLE participations (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  user_id    INTEGER REFERENCES users(id),
  guest_name TEXT,
  joined_at  INTEGER NOT NULL,
  left_at    INTEGER,
  CHECK ((user_id IS NULL) <> (guest_name IS NULL))
);
CREATE INDEX participations_by_user ON participations(user_id, joined_at);
CREATE INDEX participations_by_meeting ON participations(meeting_id);

CREATE TABLE chat_messages (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  meeting_id     INTEGER NOT NULL REFERENCES meetings(id),
  sender_user_id INTEGER REFERENCES users(id),
  guest_name     TEXT,
  sender_name    TEXT    NOT NULL,
  body           TEXT    NOT NULL,
  sent_at        INTEGER NOT NULL
);
CREATE INDEX chat_messages_by_meeting ON chat_messages(meeting_id, id);

-- What the original client's "add_to_activity" recorded: a click, kept apart from real attendance.
CREATE TABLE legacy_activity (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  meeting_code TEXT    NOT NULL,
  at           INTEGER NOT NULL
);
CREATE INDEX legacy_activity_by_user ON legacy_activity(user_id, id);
