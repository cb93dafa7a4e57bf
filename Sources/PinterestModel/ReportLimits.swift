/// Pinterest's limits on async reports, which the client, the jobs, the CLI and the simulator
/// all enforce.
public enum ReportLimits {
    /// The longest window one report may cover, in days.
    public static let maxDays = 186
    /// How far back a report's start may lie, in days before today.
    public static let maxDaysBack = 914
    /// The attribution windows (click, engagement, view) a report may ask for, in days.
    public static let attributionWindowDays: Set<Int> = [0, 1, 7, 14, 30, 60]
}
