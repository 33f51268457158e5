-- The Phoenix guide's comments table: a body, a word count and timestamps.
CREATE TABLE comments (
  id bigserial PRIMARY KEY,
  body varchar(255),
  word_count integer,
  inserted_at timestamp(0) NOT NULL,
  updated_at timestamp(0) NOT NULL
);
