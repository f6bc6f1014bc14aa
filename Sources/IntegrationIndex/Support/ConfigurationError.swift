/// A problem in an instrument or study file, located by the file and the JSON path of the
/// offending value, so the user can go straight to it.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// A JSON path such as `$.dimensions[2].items[0].codes`.
    public var path: String
    public var message: String

    public init(file: String, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String { "\(file): \(path): \(message)" }
}
