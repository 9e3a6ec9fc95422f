package io.wattflow.jobs;

import io.wattflow.jobs.cli.BenchCommand;
import io.wattflow.jobs.cli.CleanCommand;
import io.wattflow.jobs.cli.ClusterCommand;
import io.wattflow.jobs.cli.DashboardCommand;
import io.wattflow.jobs.cli.ConfigFileKeys;
import io.wattflow.jobs.cli.FriendlyConverters;
import io.wattflow.jobs.cli.DemoCommand;
import io.wattflow.jobs.cli.DetectCommand;
import io.wattflow.jobs.cli.EvalCommand;
import io.wattflow.jobs.cli.GenerateCommand;
import io.wattflow.jobs.cli.HeatPumpCommand;
import io.wattflow.jobs.cli.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The {@code wattflow} command. {@code --config FILE} (before or after the subcommand) reads option
 * defaults from a properties file whose keys are the option names without dashes
 * ({@code output=/data/out}, {@code max-power-w=60000}); options on the command line win.
 */
@Command(name = "wattflow", mixinStandardHelpOptions = true, version = "wattflow 0.1.0",
        description = "Real-time smart-meter analytics on Apache Flink.",
        subcommands = {RunCommand.class, DemoCommand.class, GenerateCommand.class, DetectCommand.class, EvalCommand.class, HeatPumpCommand.class,
                BenchCommand.class, CleanCommand.class, DashboardCommand.class, ClusterCommand.class})
public final class WattflowCli {
    public static void main(String[] args) {
        int code = execute(args);
        if (submittedToACluster()) {
            // flink run, or the REST API's jar run, which calls main inside the JobManager: the job is
            // Flink's now, and an exit would stop the JVM that runs it (the JobManager, for a REST run).
            if (code != 0) {
                throw new IllegalStateException("wattflow ended with exit code " + code + "; its message is above.");
            }
            return;
        }
        System.exit(code);
    }

    /** Whether Flink's client (CLI or REST) runs this main: it installs its own execution environment. */
    static boolean submittedToACluster() {
        return !(org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.getExecutionEnvironment()
                instanceof org.apache.flink.streaming.api.environment.LocalStreamEnvironment);
    }

    public static int execute(String... args) {
        String[] rest = args;
        CommandLine cli = new CommandLine(new WattflowCli());
        FriendlyConverters.register(cli);
        int i = Arrays.asList(args).indexOf("--config");
        if (i >= 0) {
            if (i + 1 >= args.length || !new File(args[i + 1]).isFile()) {
                System.err.println("--config needs the path of an existing properties file.");
                return 2;
            }
            try {
                ConfigFileKeys.check(cli, Path.of(args[i + 1]));
            } catch (IllegalArgumentException | IOException e) {
                System.err.println(e instanceof IOException ? "Cannot read " + args[i + 1] + ": " + e.getMessage() : e.getMessage());
                return 2;
            }
            cli.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(new File(args[i + 1])));
            rest = new String[args.length - 2];
            System.arraycopy(args, 0, rest, 0, i);
            System.arraycopy(args, i + 2, rest, i, args.length - i - 2);
        }
        // A typo in a value gets its sentence and a pointer to the help, not the whole usage text.
        cli.setParameterExceptionHandler((e, argv) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println(e.getMessage());
            c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for the options.");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // A missing or mismatched model file is configuration too: its message says what to do.
            if (e instanceof IllegalArgumentException || e instanceof io.wattflow.models.ModelLoadException) {
                commandLine.getErr().println(e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(rest);
    }
}
