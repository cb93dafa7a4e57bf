import Foundation
import PinterestETL
import PinterestSimulator

/// `simulator`: serves the built-in Pinterest API simulator on loopback until stopped.
public struct SimulatorCommand: Command, Equatable {
    public static let name = "simulator"
    public static let summary = "serve the built-in Pinterest API simulator on loopback"
    public static let usage = """
        pinterest-etl simulator [--port N] [--seed N] [--accounts N] [--ads N] [--faults SPEC,SPEC]
                                [--report-files DIR]
          Serves the built-in Pinterest API v5 simulator on 127.0.0.1 (default port 8090)
          until stopped. With --report-files, reports are rendered to files in DIR before they
          are FINISHED and downloads are served from them (as S3 serves a stored object), so a
          download costs the simulator little CPU. Client id sim-client-id, secret sim-client-secret, refresh token
          pinr.sim-initial-refresh-token. Faults: 429xN[@path], 500xN, 503xN, slow:Ns, reset,
          truncate, malformed, endless, fail, expire, expire-token, revoke, retry:Ns.
        """
    public static let valuedOptions = ["--port", "--seed", "--accounts", "--ads", "--faults", "--report-files"]

    public var port: UInt16 = 8090
    public var seed: UInt64 = 1
    public var accounts = 2
    public var adsPerAccount = 40
    public var faults: [String] = []
    public var reportFiles: String?

    public init(_ arguments: CommandArguments) throws {
        try arguments.noPositionals()
        port = UInt16(try arguments.integer("--port", in: 0...65535) ?? Int(port))
        seed = try arguments.unsigned("--seed") ?? seed
        accounts = try arguments.integer("--accounts", in: 1...50) ?? accounts
        adsPerAccount = try arguments.integer("--ads", in: 1...1_000_000) ?? adsPerAccount
        faults = arguments.values["--faults"].map { $0.split(separator: ",").map(String.init) } ?? []
        reportFiles = arguments.values["--report-files"]
    }

    public func run(_ context: CommandContext) async throws -> ExitCode {
        var options = SimulatorOptions()
        options.seed = seed
        options.accountCount = accounts
        options.adsPerAccount = adsPerAccount
        options.faults = faults
        options.reportFileDirectory = reportFiles
        let simulator = try await PinterestSimulator.start(options, port: port)
        defer { simulator.stop() }
        // These are the simulator's public, fake credentials, printed so anyone can connect.
        FileHandle.standardOutput.write(Data("""
            Pinterest API simulator serving \(simulator.baseURL) (seed \(seed), \(accounts) accounts × \(adsPerAccount) ads)
              PINTEREST_API_BASE_URL=\(simulator.baseURL)
              PINTEREST_CLIENT_ID=\(options.clientId)
              PINTEREST_CLIENT_SECRET=\(options.clientSecret)
              PINTEREST_REFRESH_TOKEN=\(options.initialRefreshToken)
            Stop with Ctrl-C.

            """.utf8))
        context.logger.info("simulator started", ("base_url", simulator.baseURL.absoluteString))
        await Signals.waitForTermination()
        context.logger.info("simulator stopped")
        return .success
    }
}
