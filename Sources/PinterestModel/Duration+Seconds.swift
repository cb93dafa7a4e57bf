extension Duration {
    /// The duration in seconds, for logs, rates and configuration values.
    public var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
