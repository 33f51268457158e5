# Helpers for bench/run.sh: logging, timing, databases, the Cairn process, the Flyway driver, the results file.
# Sourced, not run. Everything a helper starts or creates is recorded so cleanup() can undo it, even on failure.

log() { printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$WORK/run.log" >&2; }
die() { log "FAILED: $*"; exit 1; }

now_ns() { date +%s%N; }
# Milliseconds since a now_ns value, with one decimal.
ms_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }
ms_to_s() { awk -v x="$1" 'BEGIN { printf "%.3f", x / 1000 }'; }
sec_to_ms() { awk -v x="$1" 'BEGIN { printf "%.1f", x * 1000 }'; }

# ---------------------------------------------------------------------------------------------------- results file
# One line per record; Report.java documents the format.
rec() { local IFS=$'\t'; printf '%s\n' "$*" >>"$RESULTS_TSV"; }
scenario() { rec scenario "$@"; }
value() { local id=$1 metric=$2 who=$3 unit=$4; shift 4; rec value "$id" "$metric" "$who" "$unit" lower "$*"; }
note() { rec note "$@"; }

# ---------------------------------------------------------------------------------------------------- PostgreSQL
# psql against a server: SERVER is "host:port".
psql_on() {
  local server=$1; shift
  psql -X -q -v ON_ERROR_STOP=1 -h "${server%:*}" -p "${server#*:}" -U postgres "$@"
}

# db_new SERVER NAME: creates database NAME (prefixed with this run's tag) and prints its full name.
db_new() {
  local server=$1 name="${DB_TAG}_$2"
  psql_on "$server" -d postgres -c "CREATE DATABASE $name" >/dev/null
  printf '%s %s\n' "$server" "$name" >>"$WORK/databases"
  printf '%s' "$name"
}

# db_drop SERVER NAME: drops it even while Cairn's pools still hold connections to it.
db_drop() { psql_on "$1" -d postgres -c "DROP DATABASE IF EXISTS $2 WITH (FORCE)" >/dev/null; }

jdbc_url() { printf 'jdbc:postgresql://%s/%s' "$1" "$2"; }

# Times one psql session running FILE on DB; prints milliseconds (process start and connect included, which is
# a few ms against seconds of work).
psql_timed() {
  local server=$1 db=$2 file=$3 t0
  t0=$(now_ns)
  psql_on "$server" -d "$db" -f "$file" >/dev/null 2>>"$WORK/psql.log" || die "psql $file on $db"
  ms_since "$t0"
}

# Highest number of client connections a server had while a sampler ran (the sampler's own one not counted).
sampler_start() {
  local server=$1 out=$2
  ( while :; do
      psql_on "$server" -d postgres -Atc \
        "SELECT count(*) - 1 FROM pg_stat_activity WHERE backend_type = 'client backend'" 2>/dev/null || true
      sleep 0.25
    done ) >"$out" &
  SAMPLER_PID=$!
}
sampler_stop() {
  [ -n "${SAMPLER_PID:-}" ] || return 0
  kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=
}
peak_of() { sort -n "$1" | tail -1; }

# ---------------------------------------------------------------------------------------------------- fleet server
# A throwaway PostgreSQL cluster from the same binaries as the shared server, on a loopback port, so the load of
# S4 and S5 and their connection counts are Cairn's alone.
fleet_start() {
  local bin="/usr/lib/postgresql/$PG_MAJOR/bin"
  [ -x "$bin/initdb" ] || return 1
  FLEET_DIR="$WORK/pgfleet"
  mkdir -p "$FLEET_DIR"
  chown postgres "$FLEET_DIR"
  FLEET_PORT=$(free_port 25432)
  runuser -u postgres -- "$bin/initdb" -D "$FLEET_DIR/data" -U postgres -A trust --no-sync -E UTF8 \
    >"$WORK/pgfleet-initdb.log" 2>&1 || return 1
  runuser -u postgres -- "$bin/pg_ctl" -D "$FLEET_DIR/data" -l "$FLEET_DIR/server.log" -w -t 60 \
    -o "-p $FLEET_PORT -k $FLEET_DIR -c listen_addresses=127.0.0.1 -c max_connections=$FLEET_MAX_CONNECTIONS" \
    start >"$WORK/pgfleet-start.log" 2>&1 || return 1
  FLEET_BIN=$bin
  FLEET="127.0.0.1:$FLEET_PORT"
}
fleet_stop() {
  [ -n "${FLEET_BIN:-}" ] || return 0
  runuser -u postgres -- "$FLEET_BIN/pg_ctl" -D "$FLEET_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  FLEET_BIN=
}

free_port() {
  local p=$1
  while ss -Htln "sport = :$p" | grep -q .; do p=$((p + 1)); done
  printf '%s' "$p"
}

# ---------------------------------------------------------------------------------------------------- Cairn
# cairn_start STORE LOG [JVM options...]: starts the packaged jar as users run it and waits until it is ready.
# Sets CAIRN_PID, CAIRN and CAIRN_READY_MS (launch to the first successful readiness answer).
CAIRN_FLAGS=(-Dcairn.auth.enabled=false -Dcairn.demo.enabled=false)
cairn_start() {
  local store=$1 logf=$2; shift 2
  local port t0 i code
  port=$(free_port 18080)
  CAIRN="http://127.0.0.1:$port"
  mkdir -p "$store"
  t0=$(now_ns)
  # From the app folder with a relative -jar, as an AOT cache requires (CAIRN_APP, CAIRN_JAVA: see S6).
  (cd "${CAIRN_APP:-$ROOT/target/quarkus-app}" && exec "${CAIRN_JAVA:-java}" "$@" "${CAIRN_FLAGS[@]}" \
    -Dcairn.store.path="$store" -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 \
    -jar quarkus-run.jar) >"$logf" 2>&1 &
  CAIRN_PID=$!
  for i in $(seq 1 3000); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$CAIRN$READY_PATH" || true)
    # Before the readiness endpoint existed, a listing of the repos was the sign of life.
    [ "$code" = 404 ] && [ "$READY_PATH" != /repos ] && READY_PATH=/repos
    if [ "$code" = 200 ]; then
      CAIRN_READY_MS=$(ms_since "$t0")
      return 0
    fi
    if ! kill -0 "$CAIRN_PID" 2>/dev/null; then
      wait "$CAIRN_PID" 2>/dev/null || true
      CAIRN_PID=
      # An older service rejects the flags it does not know yet (auth, demo): drop them and try again.
      local kept=() dropped=0 f key
      for f in "${CAIRN_FLAGS[@]}"; do
        key=${f#-D}; key=${key%%=*}
        if grep -q "SRCFG00050: $key " "$logf"; then dropped=1; else kept+=("$f"); fi
      done
      CAIRN_FLAGS=("${kept[@]}")
      if [ "$dropped" = 1 ]; then
        log "this Cairn does not know some start-up flags; now starting with: ${CAIRN_FLAGS[*]:-none}"
        cairn_start "$store" "$logf" "$@"
        return
      fi
      die "Cairn exited during start-up; see $logf: $(tail -3 "$logf")"
    fi
    sleep 0.01
  done
  die "Cairn not ready after 30 s"
}

cairn_stop() {
  [ -n "${CAIRN_PID:-}" ] || return 0
  kill "$CAIRN_PID" 2>/dev/null
  local i
  for i in $(seq 1 100); do kill -0 "$CAIRN_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$CAIRN_PID" 2>/dev/null || true
  wait "$CAIRN_PID" 2>/dev/null || true
  CAIRN_PID=
}

# java25_bin: BENCH_JAVA25, else the newest JDK of 25 or later under /usr/lib/jvm, else nothing.
java25_bin() {
  if [ -n "${BENCH_JAVA25:-}" ]; then echo "$BENCH_JAVA25"; return; fi
  local home major best= best_major=0
  for home in /usr/lib/jvm/*/; do
    major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null)
    if [ -n "$major" ] && [ "$major" -ge 25 ] && [ "$major" -gt "$best_major" ]; then best=${home}bin/java best_major=$major; fi
  done
  [ -n "$best" ] && echo "$best"
  return 0
}

# CPU time (user + system) a process has used, in milliseconds.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1000 / hz }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# The same for a JVM's JIT compiler threads only (HotSpot names them "C1 CompilerThread0", "C2 CompilerThread0", ...).
jit_cpu_ms() {
  local t total=0
  for t in /proc/"$1"/task/*; do
    case $(cat "$t/comm" 2>/dev/null) in
      C1\ Compiler*|C2\ Compiler*) total=$((total + $(sed 's/.*) //' "$t/stat" | awk '{ print $12 + $13 }'))) ;;
    esac
  done
  awk -v t="$total" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", t * 1000 / hz }'
}
# The same summed over a PostgreSQL cluster: the postmaster and all its children (backends that already exited
# are not counted, so only use it while the connections stay open).
cluster_cpu_ms() {
  local pm total=0 p
  pm=$(head -1 "$1/postmaster.pid")
  for p in $pm $(pgrep -P "$pm"); do total=$((total + $(cpu_ms "$p"))); done
  printf '%s' "$total"
}

rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# api METHOD PATH [BODY] -> writes the body to $WORK/last.json, prints "HTTP_CODE SECONDS".
api() {
  local method=$1 path=$2 body=${3:-}
  if [ -n "$body" ]; then
    curl -s -o "$WORK/last.json" -w '%{http_code} %{time_total}' -X "$method" \
      -H 'Content-Type: application/json' -d "$body" "$CAIRN$path"
  else
    curl -s -o "$WORK/last.json" -w '%{http_code} %{time_total}' -X "$method" "$CAIRN$path"
  fi
}

# register ID SERVER DB [PREFIX] SCRIPTS_DIR [EXTRA_JSON]: points the store folder at the generated scripts and
# registers the repo (EXTRA_JSON: more fields of the registration, e.g. {"ledgerTable": "..."}).
register() {
  local id=$1 server=$2 db=$3 prefix=$4 scripts=$5 extra=${6:-'{}'} body out
  ln -sfn "$scripts" "$STORE/$id"
  body=$(jq -nc --arg id "$id" --arg url "$(jdbc_url "$server" "$db")" --arg prefix "$prefix" --argjson extra "$extra" \
    '{id: $id, url: $url, username: "postgres"} + (if $prefix == "" then {} else {prefix: $prefix} end) + $extra')
  out=$(api POST /repos "$body")
  [ "${out%% *}" = 201 ] || die "register $id: $out $(cat "$WORK/last.json")"
}

unregister() {
  local out
  out=$(api DELETE "/repos/$1")
  [ "${out%% *}" = 204 ] || die "delete repo $1: $out $(cat "$WORK/last.json")"
  rm -f "$STORE/$1"
}

# run_cairn ID migrate|rollback BODY EXPECTED_STEPS [ANSWER]: one run over HTTP, checked; prints milliseconds.
# ANSWER: the "HTTP_CODE SECONDS" of a call already made (its body in $WORK/last.json), to check instead.
run_cairn() {
  local id=$1 action=$2 body=$3 expect=$4 out=${5:-} steps status
  [ -n "$out" ] || out=$(api POST "/repos/$id/$action" "$body")
  [ "${out%% *}" = 200 ] || die "$action $id: $out $(head -c 600 "$WORK/last.json")"
  steps=$(jq '.steps | length' "$WORK/last.json")
  status=$(jq -r '.status' "$WORK/last.json")
  [ "$steps" = "$expect" ] && [ "$status" = succeeded ] \
    || die "$action $id: $steps steps (expected $expect), status $status"
  sec_to_ms "${out#* }"
}

# ---------------------------------------------------------------------------------------------------- Flyway
# One Flyway JVM for the whole run, fed jobs on stdin (FlywayBench), so its repetitions run warm like Cairn's.
flyway_open() {
  [ -n "${FLY_PID:-}" ] && return 0
  coproc FLY { exec java -cp "$BENCH_CP" dev.cairn.bench.FlywayBench - 2>>"$WORK/flyway.log"; }
}
# flyway_job JOB EXPECTED_COUNT: prints milliseconds; a failure ends the bench.
flyway_job() {
  flyway_try "$1" "$2"
  [ -n "$FLY_MS" ] || die "Flyway job $1: $(cat "$WORK/flyway-failed")"
  printf '%s' "$FLY_MS"
}
# flyway_try JOB EXPECTED_COUNT: runs one job and sets FLY_MS to its milliseconds; a failure leaves FLY_MS empty
# and its message in $WORK/flyway-failed (a real history Flyway cannot run is reported, not fatal).
# Not in a subshell: a Flyway that hangs is stopped and a fresh one takes the next jobs.
flyway_try() {
  local job=$1 expect=$2 line word ms count
  FLY_MS=
  printf '%s\n' "$job" >&"${FLY[1]}"
  if ! IFS= read -r -t "${FLYWAY_TRY_SECONDS:-300}" line <&"${FLY[0]}"; then
    printf 'no answer within %s s (hung; stopped)\n' "${FLYWAY_TRY_SECONDS:-300}" >"$WORK/flyway-failed"
    kill -9 "$FLY_PID" 2>/dev/null; wait "$FLY_PID" 2>/dev/null || true
    FLY_PID=
    flyway_open
    return 0
  fi
  read -r word ms count <<<"$line"
  if [ "$word" = RESULT ] && [ "$count" = "$expect" ]; then FLY_MS=$ms; return 0; fi
  printf '%s\n' "${line:0:300}" >"$WORK/flyway-failed"
}
flyway_close() {
  [ -n "${FLY_PID:-}" ] || return 0
  local pid=$FLY_PID
  eval "exec ${FLY[1]}>&-" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------------------------------------------- latency
# proxy_start DELAY_MS: LatencyProxy between the contenders and $PGSERVER; sets PROXY (host:port) and PROXY_PID.
proxy_start() {
  local port i
  port=$(free_port 26432)
  java -cp "$BENCH_CP" dev.cairn.bench.LatencyProxy "$port" "$PGSERVER" "$1" >"$WORK/proxy.out" 2>>"$WORK/proxy.log" &
  PROXY_PID=$!
  for i in $(seq 1 300); do
    grep -q '^ready' "$WORK/proxy.out" 2>/dev/null && break
    kill -0 "$PROXY_PID" 2>/dev/null || die "the latency proxy did not start: $(tail -3 "$WORK/proxy.log")"
    sleep 0.1
  done
  PROXY="127.0.0.1:$port"
}
proxy_stop() {
  [ -n "${PROXY_PID:-}" ] || return 0
  kill "$PROXY_PID" 2>/dev/null; wait "$PROXY_PID" 2>/dev/null || true
  PROXY_PID=
}

# ---------------------------------------------------------------------------------------------------- scripts
# gen KIND COUNT DIR [SPLIT]: generated once per run (deterministic), reused by every contender.
gen() { [ -d "$3" ] || java -cp "$BENCH_CP" dev.cairn.bench.Generate "$@" >/dev/null; }

fmt_n() { printf '%s' "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
