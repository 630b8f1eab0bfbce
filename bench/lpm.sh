#!/usr/bin/env bash
# Longest-prefix match benchmark (JMH): routing-service's multibit trie vs the per-length hash
# reference over 1 M random IPv4 prefixes, one thread. Prints both scores and the ratio.
#   bench/lpm.sh [measurement-iterations]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -B -q -pl routing-service -am test-compile
./mvnw -B -q -pl routing-service dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="routing-service/target/test-classes:routing-service/target/classes:$(cat routing-service/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" -cp "$cp" io.vpnplane.routing.lpm.LongestPrefixMatchBenchmarkMain "${1:-5}"
