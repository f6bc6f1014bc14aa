/// Calibration that cannot be done as asked: margins that do not fit the sample or each
/// other, or weights that cannot meet them. Each message names the margin and cell at fault.
public struct CalibrationError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
