/// A sampling design that cannot be estimated as given; each case names what is at fault.
public struct DesignError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
