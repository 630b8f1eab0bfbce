#!/usr/bin/env bash
# End-to-end benchmarks (e2e module; not part of the test suite), as root:
#   bench/e2e.sh capacity [tunnels] [dpdSeconds]   one managed agent holding N tunnels with DPD (issue 6)
#   bench/e2e.sh post-to-up [connections]          POST /v1/ipsec-connections -> both tunnels up, p50/p99 (issue 6)
#   bench/e2e.sh failover [intervalMillis] [retries] scenario 2: kill the active peer -> first packet via the standby (issue 11)
# Builds the runnable jars first (package, no tests), then runs the benchmark's main class.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
case "${1:-}" in
  capacity) main=io.vpnplane.e2e.AgentCapacityBenchmark ;;
  post-to-up) main=io.vpnplane.e2e.PostToUpBenchmark ;;
  failover) main=io.vpnplane.e2e.FailoverScenario ;;
  *) echo "usage: bench/e2e.sh capacity|post-to-up|failover [arguments]" >&2; exit 2 ;;
esac
shift
./mvnw -B -q -o package -DskipTests -pl connection-service,tunnel-service,routing-service,gateway-agent -am >/dev/null
./mvnw -B -q -o -pl e2e -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/e2e/target/bench.classpath" -Dmdep.includeScope=test >/dev/null
CP="e2e/target/test-classes:$(cat e2e/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" -Xmx1g --enable-native-access=ALL-UNNAMED -Dvpnplane.root="$PWD" \
    -Djava.util.logging.config.file=/dev/null -cp "$CP" "$main" "$@"
