#!/usr/bin/env bash
# End-to-end benchmarks (e2e module; not part of the test suite), as root:
#   bench/e2e.sh capacity [tunnels] [dpdSeconds]   one managed agent holding N tunnels with DPD (issue 6)
#   bench/e2e.sh post-to-up [connections]          POST /v1/ipsec-connections -> both tunnels up, p50/p99 (issue 6)
#   bench/e2e.sh failover [intervalMillis] [retries] scenario 2: kill the active peer -> first packet via the standby (issue 11)
#   bench/e2e.sh leased-line                       scenario 1: leased line cut -> IPsec -> restored, both switch times (issue 11)
#   bench/e2e.sh scenarios                         scenarios 1, 2 and 3 one after the other, each printing its times
# Builds the runnable jars first (package, no tests), then runs the benchmark's main class.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
case "${1:-}" in
  capacity) main=io.vpnplane.e2e.AgentCapacityBenchmark ;;
  post-to-up) main=io.vpnplane.e2e.PostToUpBenchmark ;;
  failover) main=io.vpnplane.e2e.FailoverScenario ;;
  leased-line) main=io.vpnplane.e2e.LeasedLineScenario ;;
  scenarios)
    # scenario 3 (downloaded config -> fresh strongSwan -> up) is the lifecycle test; it prints its POST -> up time
    "$0" leased-line
    "$0" failover
    ./mvnw -B -o -pl e2e -am test -Dtest=TunnelLifecycleEndToEndTest -Dsurefire.failIfNoSpecifiedTests=false \
        | grep -E '^e2e:|Tests run:.*in io.vpnplane.e2e|BUILD'
    exit ;;
  *) echo "usage: bench/e2e.sh capacity|post-to-up|failover|leased-line|scenarios [arguments]" >&2; exit 2 ;;
esac
shift
./mvnw -B -q -o package -DskipTests -pl connection-service,tunnel-service,routing-service,bgp-service,gateway-agent -am >/dev/null
./mvnw -B -q -o -pl e2e -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/e2e/target/bench.classpath" -Dmdep.includeScope=test >/dev/null
CP="e2e/target/test-classes:$(cat e2e/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" -Xmx1g --enable-native-access=ALL-UNNAMED -Dvpnplane.root="$PWD" \
    -Djava.util.logging.config.file=/dev/null -cp "$CP" "$main" "$@"
