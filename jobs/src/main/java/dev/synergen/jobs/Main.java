package dev.synergen.jobs;

import dev.synergen.core.PipelineException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code synergen} command line: one subcommand per job, the same under bin/synergen and spark-submit. */
@Command(name = "synergen", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "SynerGen pipeline: ingest and tokenize image-text corpora into Delta tables, train and evaluate "
        + "SynerGen-VL models on Spark.",
    subcommands = {ShapesCommand.class, IngestCommand.class, IngestTextCommand.class, TokenizerTrainCommand.class,
        TokenizeCommand.class, PackCommand.class, PackTextCommand.class, TrainCommand.class, EvalCommand.class,
        GenerateCommand.class, CaptionCommand.class, DemoCommand.class, TablesCommand.class, SqlCommand.class,
        ReportCommand.class, BenchCommand.class, CorpusCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command and returns its exit code (0 ok, 1 failure, 2 usage error); never calls System.exit. */
  public static int execute(String... args) {
    CommandLine cli = commandLine();
    cli.setExecutionExceptionHandler(Main::handle);
    return cli.execute(args);
  }

  /** The command tree with every derived option installed. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    SettingsOptions.install(cli);
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    Throwable cause = rootPipelineException(e);
    if (cause instanceof PipelineException pe) {
      err.println("synergen " + cli.getCommandName() + ": " + pe.getMessage());
    } else if (e instanceof IllegalArgumentException) {
      err.println("synergen " + cli.getCommandName() + ": " + e.getMessage());
    } else {
      err.println("synergen " + cli.getCommandName() + " failed: " + e);
      e.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  private static Throwable rootPipelineException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PipelineException) {
        return t;
      }
    }
    return e;
  }

  /** Version from the jar manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"synergen " + (v != null ? v : "dev") + " (Spark 4.0, Delta 4.0, DJL 0.36)"};
    }
  }
}
