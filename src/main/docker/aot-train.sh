#!/usr/bin/env bash
# Writes an AOT cache (JDK 25+, JEP 483/514/515) for the packaged Cairn in APP_DIR: starts it once with
# -XX:AOTCacheOutput, sends it the calls a service answers first (readiness, liveness, listings, refusals, the
# OpenAPI document), then stops it; the JVM writes APP_DIR/app.aot as it exits. Started later with
# -XX:AOTCache=app.aot from APP_DIR, Cairn finds those classes already loaded and linked, and their profiles.
#
#   src/main/docker/aot-train.sh APP_DIR [JAVA]     (APP_DIR: target/quarkus-app; JAVA: java on the PATH)
#
# The cache belongs to the JVM build that wrote it: write it with the java that will run Cairn (the Dockerfile
# does so in its runtime image). A JVM that cannot use the cache says so and starts without it.
# No database and no curl needed: the calls go through bash's /dev/tcp, with a throwaway admin token.
set -euo pipefail

app=$(cd "$1" && pwd)
java=${2:-java}
[ -f "$app/quarkus-run.jar" ] || { echo "no quarkus-run.jar in $app" >&2; exit 2; }

work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

token=train-$RANDOM$RANDOM$RANDOM
hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
port=
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "no free port found" >&2; exit 1; }

rm -f "$app/app.aot"
# From APP_DIR with a relative -jar, as Cairn must be started to use the cache; with the image's JAVA_OPTS_APPEND.
# shellcheck disable=SC2086
(cd "$app" && exec "$java" -XX:AOTCacheOutput=app.aot ${JAVA_OPTS_APPEND:-} \
  -Dcairn.store.path="$work/store" -Dcairn.auth.tokens="train:admin:$hash" \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" -jar quarkus-run.jar) >"$work/cairn.log" 2>&1 &
pid=$!

# call METHOD PATH [BODY]: prints the HTTP status; the token is sent unless NOAUTH is set.
call() {
  local body=${3:-} auth="Authorization: Bearer $token"$'\r\n' line
  [ -n "${NOAUTH:-}" ] && auth=
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%sContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "$1" "$2" "$auth" "${#body}" "$body" >&3
  IFS= read -r line <&3 || line=
  cat <&3 >/dev/null
  exec 3>&-
  printf '%s\n' "${line:9:3}"
}

for _ in $(seq 1 600); do
  [ "$(call GET /q/health/ready 2>/dev/null || true)" = 200 ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/cairn.log" >&2; exit 1; }
  sleep 0.1
done
[ "$(call GET /q/health/ready)" = 200 ] || { echo "Cairn did not get ready" >&2; cat "$work/cairn.log" >&2; exit 1; }

for _ in $(seq 1 30); do
  call GET /q/health/ready >/dev/null
  call GET /q/health/live >/dev/null
  call GET /repos >/dev/null
  call GET /repos/nothing-here >/dev/null
  call GET /repos/nothing-here/status >/dev/null
  call POST /repos/nothing-here/migrate '{"step": 1}' >/dev/null
  call POST /repos '{"id": "Not An Id"}' >/dev/null
  call POST /repos '{not json' >/dev/null
  NOAUTH=1 call GET /repos >/dev/null
  call GET /q/metrics >/dev/null
done
call GET /q/openapi >/dev/null

kill -TERM "$pid"
wait "$pid" || true
pid=
[ -s "$app/app.aot" ] || { echo "the JVM wrote no AOT cache" >&2; tail -20 "$work/cairn.log" >&2; exit 1; }
echo "wrote $app/app.aot ($(du -h "$app/app.aot" | cut -f1))"
