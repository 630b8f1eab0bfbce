#!/usr/bin/env bash
# Route switch pipeline latency: health-check verdict published on vpn.health -> ActiveRouteSwitched published on
# vpn.routes by routing-service (consumer, decision, outbox, relay), p50/p99 over N switches on the real broker and
# PostgreSQL (127.0.0.1:5432). Not part of the test suite.
#   bench/route-switch.sh [switches]      (default 1000, after 200 warm-up switches)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -B -q -o -pl routing-service -am test -Dtest=RouteSwitchLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dvpnplane.bench=route-switch -Dswitches="${1:-1000}" >target/route-switch.log 2>&1 \
  || { tail -50 target/route-switch.log; exit 1; }
cat routing-service/target/route-switch-latency.txt
