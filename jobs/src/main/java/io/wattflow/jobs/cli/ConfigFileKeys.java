package io.wattflow.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The keys a {@code --config} file may hold: every option name of every command, without its dashes.
 * picocli's defaults provider ignores any other key, so a misspelt {@code max-powr-w=60000} would
 * silently keep the default; this refuses it and names the closest key.
 */
public final class ConfigFileKeys {
    private ConfigFileKeys() {}

    public static void check(CommandLine root, Path file) throws IOException {
        TreeSet<String> known = new TreeSet<>();
        collect(root.getCommandSpec(), known);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        for (String key : p.stringPropertyNames()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("Unknown key '" + key + "' in " + file + ": did you mean '" + closest(key, known)
                        + "'? Keys are option names without their dashes.");
            }
        }
    }

    private static void collect(CommandSpec spec, TreeSet<String> known) {
        for (OptionSpec option : spec.options()) {
            for (String name : option.names()) {
                known.add(name.replaceFirst("^-+", ""));
            }
        }
        spec.subcommands().values().forEach(sub -> collect(sub.getCommandSpec(), known));
    }

    static String closest(String key, Iterable<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
