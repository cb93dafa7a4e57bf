import Foundation
import PinterestSimulator

/// `simulator`: serves the built-in Pinterest API simulator on loopback until stopped.
enum SimulatorCommand {
    static func run(_ options: SimulatorCommandOptions, logger: Logger) async throws -> ExitCode {
        var simulatorOptions = SimulatorOptions()
        simulatorOptions.seed = options.seed
        simulatorOptions.accountCount = options.accounts
        simulatorOptions.adsPerAccount = options.adsPerAccount
        simulatorOptions.faults = options.faults
        let simulator = try await PinterestSimulator.start(simulatorOptions, port: options.port)
        defer { simulator.stop() }
        // These are the simulator's public, fake credentials, printed so anyone can connect.
        FileHandle.standardOutput.write(Data("""
            Pinterest API simulator serving \(simulator.baseURL) (seed \(options.seed), \(options.accounts) accounts × \(options.adsPerAccount) ads)
              PINTEREST_API_BASE_URL=\(simulator.baseURL)
              PINTEREST_CLIENT_ID=\(simulatorOptions.clientId)
              PINTEREST_CLIENT_SECRET=\(simulatorOptions.clientSecret)
              PINTEREST_REFRESH_TOKEN=\(simulatorOptions.initialRefreshToken)
            Stop with Ctrl-C.

            """.utf8))
        logger.info("simulator started", ("base_url", simulator.baseURL.absoluteString))
        await Signals.waitForTermination()
        logger.info("simulator stopped")
        return .success
    }
}
