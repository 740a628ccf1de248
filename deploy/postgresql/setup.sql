-- Run once as the postgres superuser: psql -v password="'a long random password'" -f setup.sql
-- The app's role owns its database and nothing else: no superuser, no role or database creation.
CREATE ROLE quizapp LOGIN PASSWORD :password NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE quizapp OWNER quizapp ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE quizapp FROM PUBLIC;
\connect quizapp
REVOKE ALL ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO quizapp;
