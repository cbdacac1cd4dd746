-- Parley schema v1 (PostgreSQL). Times are milliseconds since the Unix epoch (UTC), as in SQLite.
CREATE TABLE users (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name          TEXT    NOT NULL,
  username      TEXT    NOT NULL UNIQUE, -- lowercased by the server, so unique case-insensitively
  password_hash TEXT    NOT NULL,
  created_at    BIGINT  NOT NULL
);

CREATE TABLE sessions (
  token_hash   TEXT    PRIMARY KEY,      -- SHA-256 of the token, hex
  user_id      BIGINT  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at   BIGINT  NOT NULL,
  last_used_at BIGINT  NOT NULL,
  expires_at   BIGINT  NOT NULL,
  revoked_at   BIGINT
);
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE meetings (
  id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code           TEXT    NOT NULL UNIQUE,
  title          TEXT    NOT NULL,
  host_user_id   BIGINT  NOT NULL REFERENCES users(id),
  created_at     BIGINT  NOT NULL,
  guests_allowed BOOLEAN NOT NULL,
  lobby          BOOLEAN NOT NULL,
  password_hash  TEXT,
  locked         BOOLEAN NOT NULL DEFAULT FALSE,
  ended_at       BIGINT
);
CREATE INDEX meetings_by_host ON meetings(host_user_id);

CREATE TABLE participations (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  meeting_id BIGINT  NOT NULL REFERENCES meetings(id),
  user_id    BIGINT  REFERENCES users(id),
  guest_name TEXT,
  joined_at  BIGINT  NOT NULL,
  left_at    BIGINT,
  CHECK ((user_id IS NULL) <> (guest_name IS NULL))
);
CREATE INDEX participations_by_user ON participations(user_id, joined_at);
CREATE INDEX participations_by_meeting ON participations(meeting_id);

CREATE TABLE chat_messages (
  id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  meeting_id     BIGINT  NOT NULL REFERENCES meetings(id),
  sender_user_id BIGINT  REFERENCES users(id),
  guest_name     TEXT,
  sender_name    TEXT    NOT NULL,
  body           TEXT    NOT NULL,
  sent_at        BIGINT  NOT NULL
);
CREATE INDEX chat_messages_by_meeting ON chat_messages(meeting_id, id);

-- What the original client's "add_to_activity" recorded: a click, kept apart from real attendance.
CREATE TABLE legacy_activity (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      BIGINT  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  meeting_code TEXT    NOT NULL,
  at           BIGINT  NOT NULL
);
CREATE INDEX legacy_activity_by_user ON legacy_activity(user_id, id);
