import Benchmarks
import Foundation
import PinterestCLI
import PinterestETL

// Arguments in, exit code out: the commands live in PinterestCLI, `bench` in Benchmarks.
let arguments = Array(CommandLine.arguments.dropFirst())
let cli = CommandLineInterface.product.adding([BenchCommand.self])
let code = await Signals.runCancellable { await cli.main(arguments) }
exit(code)
