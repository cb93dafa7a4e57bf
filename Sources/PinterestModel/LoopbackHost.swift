/// Hosts that name this machine: the only ones reached over plain http (the simulator).
public enum LoopbackHost {
    public static let names: Set<String> = ["127.0.0.1", "localhost", "::1", "[::1]"]

    public static func isLoopback(_ host: String) -> Bool { names.contains(host.lowercased()) }
}
