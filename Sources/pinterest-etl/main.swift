import Foundation
import PinterestETL

// Arguments in, exit code out: everything else lives in PinterestETL.
let arguments = Array(CommandLine.arguments.dropFirst())
let code = await Signals.runCancellable { await Application.main(arguments) }
exit(code)
