#!/usr/bin/env bash
# Outbox relay benchmark: relay throughput (events/s) and publish lag p99 (commit -> Kafka consumer).
# Not part of the test suite. Needs PostgreSQL on 127.0.0.1:5432; starts its own Kafka broker unless
# VPNPLANE_KAFKA_BOOTSTRAP names one. Settings as -D options, e.g.:
#   bench/relay-throughput.sh -Drate=10000 -Dseconds=30 -Dwriters=8 -DperTx=10 -Dbacklog=200000 -DbatchSize=1000 -DlingerMs=1
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -B -q -o -pl eventsourcing -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
CP="eventsourcing/target/test-classes:eventsourcing/target/classes:$(cat eventsourcing/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" -Xmx2g -Dvpnplane.root="$PWD" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -Dlogging.configuration="file:$PWD/eventsourcing/src/test/resources/logging.properties" \
    "$@" -cp "$CP" io.vpnplane.eventsourcing.bench.RelayThroughputBenchmark
