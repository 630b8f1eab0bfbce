package io.vpnplane.routing.lpm;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs {@link LongestPrefixMatchBenchmark} in one JMH run and prints both scores and their ratio. */
public final class LongestPrefixMatchBenchmarkMain {

    private LongestPrefixMatchBenchmarkMain() {
    }

    public static void main(String[] args) throws RunnerException {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        var options = new OptionsBuilder()
                .include(LongestPrefixMatchBenchmark.class.getName() + "\\.")
                .forks(1)
                .threads(1)
                .warmupIterations(3)
                .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
                .measurementIterations(iterations)
                .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
                .jvmArgs("-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, RunResult> byName = results.stream().collect(Collectors.toMap(
                r -> r.getParams().getBenchmark().replaceAll(".*\\.", ""), r -> r));
        var trie = byName.get("multibitTrie").getPrimaryResult();
        var reference = byName.get("reference").getPrimaryResult();
        var table = new LongestPrefixMatchBenchmark();
        table.build();
        System.out.printf("%nprefixes            %,d%n", LongestPrefixMatchBenchmark.PREFIXES);
        System.out.printf("trie cells          %,d MB%n", table.trieBytes() >> 20);
        System.out.printf("multibit trie       %,.0f lookups/s (± %,.0f)%n", trie.getScore(), trie.getScoreError());
        System.out.printf("reference (hash/len) %,.0f lookups/s (± %,.0f)%n", reference.getScore(), reference.getScoreError());
        System.out.printf("ratio               %.1fx%n", trie.getScore() / reference.getScore());
        System.out.printf("target 20M/s        %s%n", trie.getScore() >= 20_000_000 ? "met" : "NOT met");
    }
}
