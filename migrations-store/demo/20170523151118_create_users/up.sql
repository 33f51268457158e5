-- The Phoenix guide's User schema: mix phx.gen.schema User users name:string email:string bio:string number_of_pets:integer
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  name varchar(255),
  email varchar(255),
  bio varchar(255),
  number_of_pets integer,
  inserted_at timestamp(0) NOT NULL,
  updated_at timestamp(0) NOT NULL
);
