#!/usr/bin/env bash
# A real Neo4j server (community 5.26 LTS) for development and the tests, fetched from Maven Central by the
# pinned build in tools/neo4j-server/ and started on loopback. No Docker, nothing installed by hand.
#
#   scripts/neo4j.sh start | stop | status | restart | admin ARGS...
#
# Environment (defaults in brackets):
#   NEO4J_HOME_DIR   where the server keeps conf, data, logs and its pid      [data/neo4j]
#   NEO4J_BOLT_PORT  Bolt on 127.0.0.1                                         [7687]
#   NEO4J_HTTP_PORT  HTTP on 127.0.0.1 (the Browser at /browser/)              [7474]
#   NEO4J_PASSWORD   password of the user neo4j (at least 8 characters)        [creditgraph]
#   NEO4J_HEAP       JVM heap, at most 2g                                      [1g]
#   NEO4J_PAGECACHE  page cache                                                [512m]
# Every failure is one line on stderr and exit status 1.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="$ROOT/tools/neo4j-server"
LIB="$BUILD/target/lib"
HOME_DIR="$(mkdir -p "${NEO4J_HOME_DIR:-$ROOT/data/neo4j}" && cd "${NEO4J_HOME_DIR:-$ROOT/data/neo4j}" && pwd)"
BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"
HTTP_PORT="${NEO4J_HTTP_PORT:-7474}"
PASSWORD="${NEO4J_PASSWORD:-creditgraph}"
HEAP="${NEO4J_HEAP:-1g}"
PAGECACHE="${NEO4J_PAGECACHE:-512m}"
READY_S="${NEO4J_READY_S:-30}"

die() { echo "neo4j: $*" >&2; exit 1; }

find_java() {
  # Neo4j 5.26 runs on Java 17 or 21; prefer JAVA_HOME, then the machine's java 17.
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA="$JAVA_HOME/bin/java"
  elif [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then JAVA=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
  elif command -v java >/dev/null 2>&1; then JAVA="$(command -v java)"
  else die "Java is missing: install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)"; fi
  local major
  major="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  case "$major" in 17|21) ;; *) die "Java $major found at $JAVA; Neo4j 5.26 needs Java 17 or 21 (set JAVA_HOME)";; esac
}

build() {
  # Maven's cache keeps the jars: only the first build reaches the registry.
  [ -f "$LIB/.built" ] && [ "$LIB/.built" -nt "$BUILD/pom.xml" ] && return 0
  command -v mvn >/dev/null 2>&1 || die "Maven is missing: install it (Debian: apt-get install maven)"
  echo "neo4j: fetching the pinned server jars (tools/neo4j-server/pom.xml; once, then Maven's cache)" >&2
  rm -rf "$LIB"
  mvn -B -q -f "$BUILD/pom.xml" package >"$BUILD/target-mvn.log" 2>&1 \
    || die "the Maven build of tools/neo4j-server failed (see tools/neo4j-server/target-mvn.log)"
  touch "$LIB/.built"
}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_conf() {
  mkdir -p "$HOME_DIR"/{conf,data,logs,run,plugins,import}
  cat >"$HOME_DIR/conf/neo4j.conf" <<EOF
# Written by scripts/neo4j.sh on each start; edit the script, not this file.
server.directories.lib=$LIB
server.default_listen_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:$BOLT_PORT
server.bolt.advertised_address=127.0.0.1:$BOLT_PORT
server.http.listen_address=127.0.0.1:$HTTP_PORT
server.http.advertised_address=127.0.0.1:$HTTP_PORT
server.https.enabled=false
server.memory.heap.initial_size=$HEAP
server.memory.heap.max_size=$HEAP
server.memory.pagecache.size=$PAGECACHE
dbms.security.auth_enabled=true
# the Browser may play the project's guide, served by the API or from a file server on this machine
dbms.security.http_access_control_allow_origin=*
browser.remote_content_hostname_whitelist=*
client.allow_telemetry=false
dbms.usage_report.enabled=false
server.jvm.additional=--add-opens=java.base/java.nio=ALL-UNNAMED
server.jvm.additional=--add-opens=java.base/java.io=ALL-UNNAMED
server.jvm.additional=--add-opens=java.base/sun.nio.ch=ALL-UNNAMED
server.jvm.additional=-XX:+UseG1GC
EOF
}

java_cmd() { # run one of Neo4j's command-line classes against this home
  NEO4J_HOME="$HOME_DIR" NEO4J_CONF="$HOME_DIR/conf" "$JAVA" -cp "$LIB/*" "$@"
}

pid_alive() { [ -f "$HOME_DIR/run/neo4j.pid" ] && kill -0 "$(cat "$HOME_DIR/run/neo4j.pid")" 2>/dev/null; }

bolt_ready() {
  # HTTP's discovery document answers only once the server is up, and it names the Bolt address.
  curl -fsS -m 2 "http://127.0.0.1:$HTTP_PORT/" 2>/dev/null | grep -q bolt && port_taken "$BOLT_PORT"
}

start() {
  local began
  find_java
  build
  if pid_alive; then
    bolt_ready && { echo "neo4j: already running (bolt://127.0.0.1:$BOLT_PORT, pid $(cat "$HOME_DIR/run/neo4j.pid"))"; return 0; }
  fi
  port_taken "$BOLT_PORT" && die "port $BOLT_PORT (Bolt) is taken by another process: stop it or set NEO4J_BOLT_PORT"
  port_taken "$HTTP_PORT" && die "port $HTTP_PORT (HTTP) is taken by another process: stop it or set NEO4J_HTTP_PORT"
  [ "${#PASSWORD}" -ge 8 ] || die "NEO4J_PASSWORD must have at least 8 characters"
  write_conf
  if [ ! -d "$HOME_DIR/data/dbms" ]; then # a fresh store: the password is set before the first start
    java_cmd org.neo4j.cli.AdminTool dbms set-initial-password "$PASSWORD" >"$HOME_DIR/logs/set-password.log" 2>&1 \
      || die "could not set the initial password (see $HOME_DIR/logs/set-password.log)"
  fi
  began=$SECONDS
  java_cmd org.neo4j.server.startup.Neo4jCommand start >"$HOME_DIR/logs/start.log" 2>&1 \
    || die "the server did not start (see $HOME_DIR/logs/start.log and $HOME_DIR/logs/neo4j.log)"
  local waited=0
  until bolt_ready; do
    pid_alive || die "the server stopped while starting (see $HOME_DIR/logs/neo4j.log)"
    [ "$waited" -ge $((READY_S * 5)) ] && { stop >/dev/null 2>&1 || true; die "not ready within ${READY_S}s (see $HOME_DIR/logs/neo4j.log)"; }
    sleep 0.2; waited=$((waited + 1))
  done
  echo "neo4j: ready in $((SECONDS - began))s: bolt://127.0.0.1:$BOLT_PORT, Browser http://127.0.0.1:$HTTP_PORT/browser/ (user neo4j), data in $HOME_DIR"
}

stop() {
  [ -d "$LIB" ] || { echo "neo4j: not running"; return 0; }
  find_java
  if ! pid_alive; then echo "neo4j: not running"; return 0; fi
  java_cmd org.neo4j.server.startup.Neo4jCommand stop >"$HOME_DIR/logs/stop.log" 2>&1 || true
  if pid_alive; then kill "$(cat "$HOME_DIR/run/neo4j.pid")" 2>/dev/null || true; sleep 2; fi
  pid_alive && kill -9 "$(cat "$HOME_DIR/run/neo4j.pid")" 2>/dev/null || true
  echo "neo4j: stopped"
}

status() {
  if pid_alive && bolt_ready; then echo "neo4j: running (bolt://127.0.0.1:$BOLT_PORT, pid $(cat "$HOME_DIR/run/neo4j.pid"))"
  else echo "neo4j: not running"; return 3; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) status ;;
  build) find_java; build ;;
  admin) shift; find_java; build; write_conf; java_cmd org.neo4j.cli.AdminTool "$@" ;;
  *) die "usage: scripts/neo4j.sh start|stop|restart|status|build|admin ARGS..." ;;
esac
