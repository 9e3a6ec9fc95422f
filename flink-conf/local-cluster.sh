#!/usr/bin/env bash
# A Flink 2.2 session cluster on this machine: a JobManager and a TaskManager, each its own JVM, on
# Flink's published jars (flink-dist is not on Maven Central; ./mvnw -pl flink-cluster package
# assembles them in flink-cluster/target/lib). Web UI and REST on http://localhost:8081.
#
#   flink-conf/local-cluster.sh start|stop|status
#   flink-conf/local-cluster.sh run JAR [ARGS...]      # submit with Flink's CLI (detached)
#
# Configuration: flink-conf/config.yaml (what wattflow relies on) plus local settings written to
# $WORK/conf/config.yaml (memory, ports, and checkpoints under $WORK). WORK defaults to
# flink-cluster/target/local-cluster. REST_PORT (8081), TM_MEMORY (2048m: smaller than config.yaml's, for a test machine), TM_SLOTS (2),
# CHECKPOINT_INTERVAL (config.yaml's 30s) and CHECKPOINT_MIN_PAUSE (10s) override the defaults.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lib="$here/flink-cluster/target/lib"
work="${WORK:-$here/flink-cluster/target/local-cluster}"
rest_port="${REST_PORT:-8081}"
# The JVM's module system hides what Flink's serializers reach into; Flink's own scripts open these.
opens=""
for p in java.util java.lang java.lang.reflect java.lang.invoke java.io java.net java.nio sun.nio.ch java.text java.time \
         java.util.concurrent java.util.concurrent.atomic java.util.concurrent.locks java.math java.security sun.security.action; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done
# A wildcard, not a list of jars: ONNX Runtime 1.29 crashes a JVM whose command line is over ~4 KB (README).
cp="$lib/*"

conf() {
  mkdir -p "$work/conf" "$work/log" "$work/checkpoints" "$work/savepoints"
  {
    grep -v -E '^(execution\.checkpointing\.(dir|savepoint-dir|interval|min-pause)|taskmanager\.memory\.process\.size):' "$here/flink-conf/config.yaml"
    cat <<YAML
execution.checkpointing.interval: ${CHECKPOINT_INTERVAL:-$(sed -n 's/^execution\.checkpointing\.interval: *//p' "$here/flink-conf/config.yaml")}
execution.checkpointing.min-pause: ${CHECKPOINT_MIN_PAUSE:-$(sed -n 's/^execution\.checkpointing\.min-pause: *//p' "$here/flink-conf/config.yaml")}
execution.checkpointing.dir: file://$work/checkpoints
execution.checkpointing.savepoint-dir: file://$work/savepoints
jobmanager.rpc.address: localhost
jobmanager.bind-host: localhost
jobmanager.memory.process.size: 1024m
taskmanager.bind-host: localhost
taskmanager.host: localhost
taskmanager.memory.process.size: ${TM_MEMORY:-2048m}
taskmanager.numberOfTaskSlots: ${TM_SLOTS:-2}
parallelism.default: 2
rest.address: localhost
rest.bind-address: localhost
rest.port: $rest_port
YAML
  } > "$work/conf/config.yaml"
  cp "$here/flink-conf/log4j-local.properties" "$work/conf/log4j.properties"
}

alive() { [ -f "$work/$1.pid" ] && kill -0 "$(cat "$work/$1.pid")" 2>/dev/null; }

start_jobmanager() {
  setsid java -Xmx768m $opens -Dlog4j2.configurationFile="$work/conf/log4j.properties" -cp "$cp" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$work/conf" \
    > "$work/log/jobmanager.out" 2>&1 < /dev/null &
  echo $! > "$work/jobmanager.pid"
}

start_taskmanager() {
  # The heap, direct memory and memory options Flink's own scripts derive from the configuration.
  local params jvm dynamic
  params="$(java -cp "$cp" org.apache.flink.runtime.util.bash.BashJavaUtils GET_TM_RESOURCE_PARAMS --configDir "$work/conf" 2>/dev/null \
    | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://')"
  jvm="$(echo "$params" | head -1)"
  dynamic="$(echo "$params" | tail -1)"
  # The TaskManager's own JVM options (the collector), as Flink's scripts add env.java.opts.taskmanager.
  jvm="$jvm $(sed -n 's/^env\.java\.opts\.taskmanager: *//p' "$work/conf/config.yaml")"
  setsid java $jvm $opens -Dlog4j2.configurationFile="$work/conf/log4j.properties" -cp "$cp" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$work/conf" $dynamic \
    >> "$work/log/taskmanager.out" 2>&1 < /dev/null &
  echo $! > "$work/taskmanager.pid"
}

wait_for_slots() {
  for _ in $(seq 1 60); do
    if curl -s "http://localhost:$rest_port/overview" | grep -q '"slots-total":[1-9]'; then return 0; fi
    sleep 1
  done
  echo "The cluster did not offer task slots within 60 s; see $work/log/." >&2
  return 1
}

case "${1:-}" in
  start)
    if [ ! -d "$lib" ]; then
      echo "No Flink classpath in $lib: run ./mvnw -B -pl flink-cluster package first." >&2; exit 2
    fi
    if alive jobmanager; then echo "Already running (JobManager pid $(cat "$work/jobmanager.pid"))."; exit 0; fi
    conf
    start_jobmanager
    start_taskmanager
    wait_for_slots
    echo "Flink session cluster up: http://localhost:$rest_port (logs in $work/log)"
    ;;
  start-taskmanager)   # another TaskManager, e.g. after one was killed
    conf >/dev/null
    start_taskmanager
    ;;
  stop)
    for p in taskmanager jobmanager; do
      if alive "$p"; then kill "$(cat "$work/$p.pid")"; fi
      rm -f "$work/$p.pid"
    done
    echo "Stopped."
    ;;
  status)
    for p in jobmanager taskmanager; do
      if alive "$p"; then echo "$p: running (pid $(cat "$work/$p.pid"))"; else echo "$p: not running"; fi
    done
    curl -s "http://localhost:$rest_port/overview" && echo || true
    ;;
  run)
    shift
    FLINK_CONF_DIR="$work/conf" java $opens -Dlog4j2.configurationFile="$work/conf/log4j.properties" -cp "$cp" \
      org.apache.flink.client.cli.CliFrontend run -d -m "localhost:$rest_port" "$@"
    ;;
  *)
    echo "Use: $0 start|stop|status|start-taskmanager|run JAR [ARGS...]" >&2
    exit 2
    ;;
esac
