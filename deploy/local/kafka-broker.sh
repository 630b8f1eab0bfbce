#!/usr/bin/env bash
# Runs a real single-node Apache Kafka broker (KRaft) from the official Maven Central jars
# collected by deploy/kafka (no Docker). Used by ./vpnplane and by the Java test kit, so the
# local stack and the tests start Kafka the same way.
#
#   kafka-broker.sh start DIR [PORT [CONTROLLER_PORT]]   start (idempotent), wait until it serves
#   kafka-broker.sh stop DIR                             stop the broker started in DIR
#   kafka-broker.sh status DIR                           exit 0 when it is running
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
lib="$root/deploy/kafka/target/lib"
java_bin="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[ -x "$java_bin" ] || java_bin=java

cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop|status DIR [PORT [CONTROLLER_PORT]]" >&2; exit 2; }
port=${3:-19092}; cport=${4:-$((port + 1))}

running() { [ -f "$dir/broker.pid" ] && kill -0 "$(cat "$dir/broker.pid")" 2>/dev/null; }

ensure_lib() {
  if ! ls "$lib"/kafka_2.13-*.jar >/dev/null 2>&1; then
    echo "collecting the Kafka broker jars (first run only)..." >&2
    (cd "$root" && ./mvnw -B -q -pl deploy/kafka generate-resources >&2)
  fi
}

wait_port() {
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    running || { echo "Kafka broker exited; see $dir/broker.log" >&2; tail -20 "$dir/broker.log" >&2; return 1; }
    sleep 0.2
  done
  echo "Kafka broker did not open port $port within 60 s; see $dir/broker.log" >&2
  return 1
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if running; then wait_port; exit 0; fi
    ensure_lib
    if [ ! -f "$dir/server.properties" ]; then
      cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.retention.hours=168
PROPS
    fi
    if [ ! -f "$dir/data/meta.properties" ]; then
      cluster_id=$("$java_bin" -cp "$lib/*" kafka.tools.StorageTool random-uuid)
      "$java_bin" -cp "$lib/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" > "$dir/format.log" 2>&1
    fi
    # Heap sized for a 2-core developer machine; the broker is a test and dev dependency only.
    nohup "$java_bin" -Xms256m -Xmx768m -XX:+UseG1GC -Dlog4j2.configurationFile="$here/kafka-log4j2.yaml" \
      -Dkafka.logs.dir="$dir" -cp "$lib/*" kafka.Kafka "$dir/server.properties" > "$dir/broker.log" 2>&1 &
    echo $! > "$dir/broker.pid"
    wait_port
    ;;
  stop)
    if running; then
      pid=$(cat "$dir/broker.pid"); kill "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$dir/broker.pid"
    ;;
  status) running ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
