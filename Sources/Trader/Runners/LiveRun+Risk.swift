import Logging

extension LiveRun {
    /// The run's risk gate: its limits, and a stopout an earlier session recorded (which holds
    /// until the owner resets it). A new stopout is recorded at once and logged as critical, so it
    /// reaches the run's alert handlers. nil when there are no limits and no stopout.
    static func riskGate(_ config: LiveRunConfiguration, directory: RunDirectory, logger: Logger) -> RiskGate? {
        let stopout = RiskState.stopout(in: directory)
        guard !config.risk.isEmpty || stopout != nil else { return nil }
        let gate = RiskGate(limits: config.risk, instruments: config.instruments, stopout: stopout)
        if let stopout {
            logger.critical(
                "the run is close-only after a stopout: \(stopout.reason); reset it with signet risk reset \(config.name) once checked",
                metadata: ["since": "\(Timestamp.format(stopout.time))"])
        }
        gate.onStopout = { stopout in
            logger.critical("stopout: \(stopout.reason); the run is close-only until signet risk reset \(config.name)")
            do {
                try RiskState.record(stopout, in: directory)
            } catch {
                logger.critical("the stopout could not be recorded (the run stays close-only this session): \(error)")
            }
        }
        return gate
    }
}
