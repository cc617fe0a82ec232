/// Where the application layer tells its user what it is doing ("journal: …", "mirroring …"): the
/// CLI passes a function that writes to standard error; tests and benchmarks collect or drop them.
/// The library never prints.
public typealias Note = @Sendable (String) -> Void
