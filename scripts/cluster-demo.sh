#!/usr/bin/env bash
# Three trading nodes on one machine: one standalone simulator, one PostgreSQL journal, three `run` nodes
# in one Pekko cluster, then `cluster status`. Ctrl-C stops everything the script started.
#
#   scripts/cluster-demo.sh                 # embedded PostgreSQL (the tests' own), simulator at --speed 60
#   PYBIT_JOURNAL_URL=jdbc:postgresql://localhost:5432/pybit PYBIT_JOURNAL_USER=pybit \
#   PYBIT_JOURNAL_PASSWORD=... scripts/cluster-demo.sh     # your own PostgreSQL instead
#   scripts/cluster-demo.sh --kill-oldest   # also SIGKILL the singleton holder after the first status
#
# Environment: SIM_PORT (8090), SIM_SPEED (60), BASE_PORT (25520: nodes on 25520..25522),
# STATUS_PORT (8080: each node's status API on 8080..8082), PG_PORT (54329),
# DEMO_DIR (target/cluster-demo: logs and each node's data directory).
set -euo pipefail
cd "$(dirname "$0")/.."

SIM_PORT=${SIM_PORT:-8090}
SIM_SPEED=${SIM_SPEED:-60}
BASE_PORT=${BASE_PORT:-25520}
STATUS_PORT=${STATUS_PORT:-8080}
PG_PORT=${PG_PORT:-54329}
DEMO_DIR=${DEMO_DIR:-target/cluster-demo}
KILL_OLDEST=false
[[ "${1:-}" == "--kill-oldest" ]] && KILL_OLDEST=true

JAR=target/pybit-bot.jar
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

[[ -f "$JAR" ]] || mvn -B -q package -DskipTests
mkdir -p "$DEMO_DIR"

if [[ -z "${PYBIT_JOURNAL_URL:-}" ]]; then
  # the embedded PostgreSQL is a test dependency: run it from the test classpath
  if [[ ! -f target/test-classpath.txt || ! -d target/test-classes ]]; then
    mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
  fi
  coproc PG { exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
      io.pybitbot.journal.DemoPostgres "$PG_PORT" 2>"$DEMO_DIR/postgres.log"; }
  PIDS+=("$PG_PID")
  read -r line <&"${PG[0]}" || { echo "error: the embedded PostgreSQL did not start (see $DEMO_DIR/postgres.log)" >&2; exit 1; }
  export PYBIT_JOURNAL_URL=${line#POSTGRES }
  export PYBIT_JOURNAL_USER=postgres
  echo "journal: embedded PostgreSQL at $PYBIT_JOURNAL_URL"
else
  echo "journal: $PYBIT_JOURNAL_URL"
fi

java -jar "$JAR" sim --port "$SIM_PORT" --speed "$SIM_SPEED" >"$DEMO_DIR/sim.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 60); do
  curl -sf "http://127.0.0.1:$SIM_PORT/v5/market/time" >/dev/null 2>&1 && break
  sleep 1
done
echo "simulator: http://127.0.0.1:$SIM_PORT (speed $SIM_SPEED, log $DEMO_DIR/sim.log)"

NODE_PIDS=()
for i in 0 1 2; do
  port=$((BASE_PORT + i))
  seed=()
  [[ $i -gt 0 ]] && seed=(--seed-node "127.0.0.1:$BASE_PORT")
  java -Xmx384m -Dpybit.log.dir="$DEMO_DIR/logs-$port" -jar "$JAR" run --exchange-url "http://127.0.0.1:$SIM_PORT/" --cluster-port "$port" \
      --cluster-nodes 3 --status-port $((STATUS_PORT + i)) "${seed[@]}" >"$DEMO_DIR/node-$port.log" 2>&1 &
  PIDS+=($!)
  NODE_PIDS+=($!)
  echo "node $i: cluster port $port, status API http://127.0.0.1:$((STATUS_PORT + i)), pid $!, log $DEMO_DIR/node-$port.log"
  # the first node must be up before the others join it
  [[ $i -eq 0 ]] && sleep 8
done

status() {
  java -jar "$JAR" cluster status --node "127.0.0.1:$BASE_PORT" --node "127.0.0.1:$((BASE_PORT + 1))" \
      --node "127.0.0.1:$((BASE_PORT + 2))" 2>&1 | grep -v '^[0-9][0-9]:[0-9][0-9]' || true
}

echo "waiting for three members and every symbol to run..."
for _ in $(seq 90); do
  out=$(status)
  if grep -q "3 member(s)" <<<"$out" && grep -q "not running on any node: none" <<<"$out" \
      && [[ $(grep -c " Up " <<<"$out") -eq 3 ]]; then
    break
  fi
  sleep 2
done
status

if $KILL_OLDEST; then
  victim=${NODE_PIDS[0]}
  killed_ms=$(date +%s%3N)
  kill -9 "$victim"
  echo "SIGKILLed the oldest node (pid $victim, the singleton holder) at $(date -u +%T.%3N)"
  # ask only the survivors: a dead node costs the command its whole timeout
  survivors=(--node "127.0.0.1:$((BASE_PORT + 1))" --node "127.0.0.1:$((BASE_PORT + 2))" --timeout 2)
  for _ in $(seq 120); do
    out=$(java -jar "$JAR" cluster status "${survivors[@]}" 2>&1 || true)
    if grep -q "2 member(s)" <<<"$out" && grep -q "singletons" <<<"$out" \
        && grep -q "not running on any node: none" <<<"$out"; then
      break
    fi
    sleep 1
  done
  echo "$out"
  # the log's clock is this machine's local time
  for log in "$DEMO_DIR"/node-$((BASE_PORT + 1)).log "$DEMO_DIR"/node-$((BASE_PORT + 2)).log; do
    while read -r t _; do
      t_ms=$(date -d "$(date +%F) $t" +%s%3N)
      if (( t_ms > killed_ms )); then
        d=$(( t_ms - killed_ms ))
        echo "the singletons replayed the journal on $(basename "$log" .log) at $t, $((d / 1000)).$((d % 1000 / 100)) s after the kill"
        break
      fi
    done < <(grep "Order execution: journal replayed" "$log")
  done
fi

echo "running; 'java -jar $JAR cluster status' shows the cluster; Ctrl-C stops everything"
wait
