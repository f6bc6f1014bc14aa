extension String {
    /// The text made inert for spreadsheets: a cell that starts with `=`, `+`, `-`, `@`, a tab
    /// or a carriage return and is not a number would run as a formula when the file is
    /// opened, so it gets a leading apostrophe (OWASP's CSV-injection advice).
    public var neutralizedForSpreadsheets: String {
        guard let first = utf8.first, Self.mayStartFormula(first) else { return self }
        if NumberParser.parse(self) != nil { return self }
        return "'" + self
    }

    /// Whether a cell starting with `byte` may run as a formula. A switch, not a list to
    /// search: this runs for every id of respondents.csv.
    static func mayStartFormula(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: true
        default: false
        }
    }
}
