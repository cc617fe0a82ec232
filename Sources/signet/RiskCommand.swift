import ArgumentParser
import SignetApp
import Trader

/// `signet risk`: a run's stopout, and its reset.
struct RiskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Show or reset a run's stopout (the close-only switch of risk.daily_loss_limit and risk.equity_floor).",
        subcommands: [Show.self, Reset.self])

    /// Which run: shared by the subcommands.
    struct RunOptions: ParsableArguments {
        @Argument(help: "The run's name (--name of live, publish or mirror).")
        var name: String
        @Option(help: ArgumentHelp("The venue the run trades on: \(VenueName.list).", valueName: "venue"), transform: VenueName.parse)
        var broker: VenueName = .paper
        @Option(help: "Journal home (default $SIGNET_HOME or ~/.signet).")
        var home: String?

        func directory() throws -> RunDirectory {
            try RunDirectory(home: home ?? RunDirectory.defaultHome(), name: name, broker: broker.rawValue)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say whether the run is stopped out, why and since when.")
        @OptionGroup var run: RunOptions

        func run() async throws {
            guard let stopout = RiskState.stopout(in: try run.directory()) else {
                Console.out("\(run.name): no stopout")
                return
            }
            Console.out("\(run.name): close-only since \(Timestamp.format(stopout.time)): \(stopout.reason)")
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Clear the run's stopout: at its next start (or now, for a run started after this) it trades normally again.",
            discussion: "Check why the run stopped out first (signet risk show, its log): the limits were set for a reason.")
        @OptionGroup var run: RunOptions

        func run() async throws {
            guard let previous = try RiskState.reset(in: try run.directory()) else {
                Console.out("\(run.name): no stopout to reset")
                return
            }
            Console.out("\(run.name): stopout cleared (it was: \(previous.reason)); the next session trades normally")
        }
    }
}
