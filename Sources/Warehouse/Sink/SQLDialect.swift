import PinterestModel

public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}
