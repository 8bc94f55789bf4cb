#!/usr/bin/env bash
# Start the project's local Neo4j with APOC core, which @neo4j/graphql 7 requires (it projects
# every DateTime field through apoc.date.convertFormat; its documentation lists "the APOC core
# plugin must be installed"). Our API does not use APOC, so both contenders can share this server.
#
#   bench/peer/neo4j-apoc.sh start      # then: ecosystem migrate && ecosystem seed --if-empty
#   .venv/bin/ecosystem neo4j stop      # stops it as usual (same pid file, same launcher class)
#
# Same launcher, home, port, memory and log as `ecosystem neo4j start`
# (ECOSYSTEM_LOCAL_NEO4J_HOME, ECOSYSTEM_LOCAL_NEO4J_PORT, ECOSYSTEM_LOCAL_NEO4J_HEAP_MB,
# ECOSYSTEM_LOCAL_NEO4J_PAGECACHE_MB), plus the APOC core jar from Maven Central (cached in
# bench/peer/.apoc/). Embedded Neo4j loads APOC's extension from the class path and its
# functions from the plugins folder, so the jar goes in both.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
home=${ECOSYSTEM_LOCAL_NEO4J_HOME:-$root/.neo4j/run}
port=${ECOSYSTEM_LOCAL_NEO4J_PORT:-7687}
heap=${ECOSYSTEM_LOCAL_NEO4J_HEAP_MB:-512}
pagecache=${ECOSYSTEM_LOCAL_NEO4J_PAGECACHE_MB:-256}
# The newest 5.26 APOC core published with its self-contained `core` jar (Neo4j is 5.26.x).
apoc_version=5.26.5
jar=$here/.apoc/apoc-core-$apoc_version-core.jar
launcher=$root/neo4j/target/launcher.jar
pid_file=$home/neo4j.pid

case "${1:-}" in
  start) ;;
  *) echo "usage: $0 start   (stop with: ecosystem neo4j stop)" >&2; exit 2 ;;
esac

if [[ -f $pid_file ]] && pid=$(<"$pid_file") && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q ecosystem.neo4j.Launcher; then
  if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q apoc-core; then
    echo "Neo4j with APOC is already running (pid $pid, port $port)"
    exit 0
  fi
  echo "Neo4j is running without APOC (pid $pid): stop it first (ecosystem neo4j stop)" >&2
  exit 1
fi

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "port $port is taken by another process; set ECOSYSTEM_LOCAL_NEO4J_PORT" >&2
  exit 1
fi

if [[ ! -f $jar ]]; then
  mvn -B -q dependency:copy "-Dartifact=org.neo4j.procedure:apoc-core:$apoc_version:jar:core" \
    "-DoutputDirectory=$here/.apoc"
fi
if [[ ! -f $launcher ]]; then
  mvn -B -q -f "$root/neo4j/pom.xml" package
fi

mkdir -p "$home/plugins" "$home/logs"
cp "$jar" "$home/plugins/"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
# The JVM flags of src/ecosystem/localdb.py (JVM_FLAGS); no blanket transaction timeout (0).
setsid "$java" "-Xmx${heap}m" \
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
  -XX:+UseG1GC -Dlog4j2.disable.jmx=true -Dfile.encoding=UTF-8 \
  -cp "$launcher:$root/neo4j/target/lib/*:$jar" ecosystem.neo4j.Launcher \
  "$home" "$port" "$pagecache" 0 </dev/null >>"$home/logs/launcher.log" 2>&1 &
pid=$!
echo "$pid" >"$pid_file"

for _ in $(seq 1 600); do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$pid_file"
    echo "Neo4j exited during start-up; see $home/logs/launcher.log" >&2
    tail -20 "$home/logs/launcher.log" >&2
    exit 1
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Neo4j with APOC $apoc_version on bolt://127.0.0.1:$port (pid $pid, home $home)"
    exit 0
  fi
  sleep 0.2
done
echo "Neo4j did not answer on port $port within 120 s; see $home/logs/launcher.log" >&2
exit 1
