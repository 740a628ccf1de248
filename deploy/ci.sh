#!/usr/bin/env bash
# The production recipe, run for real on this machine: a PostgreSQL database, gunicorn with the production
# settings on loopback, nginx from deploy/nginx/quizapp.conf with TLS (a self-signed certificate), the smoke
# journey through HTTPS, then backup, wipe, restore, and every answer of the journey found again.
# Needs nginx, openssl and PostgreSQL (QUIZAPP_TEST_POSTGRES_URL: a role that may create databases).
# Exits non-zero at the first step that fails; stops everything it started, by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${QUIZAPP_TEST_POSTGRES_URL:?set QUIZAPP_TEST_POSTGRES_URL to a PostgreSQL role that may create databases}"
py=.venv/bin/python
flask() { .venv/bin/flask --app quizapp "$@"; }

work=$(mktemp -d)                        # secrets: key, password, certificate key, backup (owner only)
ngx=$(mktemp -d) && chmod 755 "$ngx"     # nginx's own files: its workers run as another user under root
db="quizapp_smoke_$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
app_port=$((20000 + RANDOM % 3000)); tls_port=$((23000 + RANDOM % 3000)); http_port=$((26000 + RANDOM % 3000))
gunicorn_pid=""; nginx_pid=""

database() {  # create | drop the smoke database through the admin role
  "$py" - "$1" "$db" <<'PY'
import os, sys, sqlalchemy as sa
action, name = sys.argv[1], sys.argv[2]
admin = sa.create_engine(os.environ["QUIZAPP_TEST_POSTGRES_URL"], isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
with admin.connect() as c:
    c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' if action == "drop" else f'CREATE DATABASE "{name}"')
PY
}

stop() {  # a PID we started
  if [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; then kill "$1"; wait "$1" 2>/dev/null || true; fi
}

cleanup() {
  status=$?
  stop "$nginx_pid"; stop "$gunicorn_pid"
  database drop >/dev/null 2>&1 || true
  if [ "$status" -ne 0 ]; then
    echo "--- gunicorn log"; tail -n 40 "$work/gunicorn.log" 2>/dev/null || true
    echo "--- nginx error log"; tail -n 20 "$ngx/error.log" 2>/dev/null || true
  fi
  rm -rf "$work" "$ngx"
  exit "$status"
}
trap cleanup EXIT

echo "== production settings on PostgreSQL"
database create
export QUIZAPP_ENV_NAME=production
export QUIZAPP_SECRET_KEY="$("$py" -c 'import secrets; print(secrets.token_hex(32))')"
export QUIZAPP_PUBLIC_BASE_URL="https://localhost:$tls_port"
export QUIZAPP_PROXY_HOPS=1
export QUIZAPP_INSTANCE_PATH="$work/instance"
export QUIZAPP_DATABASE_URL="$("$py" -c 'import os, sys, sqlalchemy as sa; print(sa.engine.make_url(os.environ["QUIZAPP_TEST_POSTGRES_URL"]).set(database=sys.argv[1]).render_as_string(hide_password=False))' "$db")"
flask init-db
"$py" -c 'import secrets; print(secrets.token_urlsafe(18))' > "$work/pw"
flask create-clinician ops@clinic.example --password-stdin < "$work/pw"

start_gunicorn() {
  .venv/bin/gunicorn -w 2 -b "127.0.0.1:$app_port" --no-control-socket 'quizapp:create_app()' >>"$work/gunicorn.log" 2>&1 &
  gunicorn_pid=$!
  for _ in $(seq 1 60); do
    "$py" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$app_port/readyz', timeout=2)" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "gunicorn did not become ready" >&2; return 1
}
start_gunicorn

echo "== nginx with TLS in front (deploy/nginx/quizapp.conf)"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/site.key" -out "$ngx/site.crt" 2>/dev/null
sed -e "s#listen 443 ssl#listen 127.0.0.1:$tls_port ssl#" -e "s#listen 80;#listen 127.0.0.1:$http_port;#" \
    -e "s#learn.example.org.crt#X#; s#/etc/ssl/X#$ngx/site.crt#" -e "s#/etc/ssl/learn.example.org.key#$work/site.key#" \
    -e "s#learn.example.org#localhost#g" -e "s#127.0.0.1:8000#127.0.0.1:$app_port#g" \
    deploy/nginx/quizapp.conf > "$ngx/site.conf"
mkdir -m 1777 "$ngx/tmp"
cat > "$ngx/nginx.conf" <<CONF
worker_processes 1;
pid $ngx/nginx.pid;
error_log $ngx/error.log;
events { worker_connections 128; }
http {
    client_body_temp_path $ngx/tmp/body; proxy_temp_path $ngx/tmp/proxy; fastcgi_temp_path $ngx/tmp/fastcgi;
    uwsgi_temp_path $ngx/tmp/uwsgi; scgi_temp_path $ngx/tmp/scgi;
    include $ngx/site.conf;
}
CONF
nginx -t -q -c "$ngx/nginx.conf" -e "$ngx/error.log"
nginx -c "$ngx/nginx.conf" -e "$ngx/error.log" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 1 20); do
  "$py" -c "import socket; socket.create_connection(('127.0.0.1', $tls_port), 1)" 2>/dev/null && break; sleep 0.3
done

smoke() {
  "$py" deploy/smoke.py "$1" --base "$QUIZAPP_PUBLIC_BASE_URL" --connect "127.0.0.1:$tls_port" \
    --cafile "$ngx/site.crt" --email ops@clinic.example --password-file "$work/pw" --state "$work/journey.json"
}
echo "== the smoke journey through HTTPS"
smoke journey

echo "== backup, wipe, restore"
flask backup "$work/quizapp.dump"
stop "$gunicorn_pid"; gunicorn_pid=""
database drop && database create
flask restore "$work/quizapp.dump" --yes
start_gunicorn
smoke verify
echo "== production recipe: every step passed"
