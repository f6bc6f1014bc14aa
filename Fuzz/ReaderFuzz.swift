import Foundation

// libFuzzer entry point over ingest: any bytes, read as a survey file with an id column and
// a few others. Built together with the library's sources by Scripts/fuzz-reader.sh. A crash,
// a hang or a broken reconciliation is a finding.
private let url = URL(fileURLWithPath: "/dev/shm/integra-fuzz-\(getpid()).csv")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    try? Data(bytes: data, count: size).write(to: url)
    let reader = TableReader(
        idColumn: .named("id"),
        columns: [
            .init(name: "w", roles: [.weight]), .init(name: "a", roles: [.categorical]), .init(name: "n", roles: [.numeric]),
        ])
    if let result = try? reader.read(url) {
        precondition(result.rowsRead == result.rowsAccepted + result.rowsQuarantined, "rows do not reconcile")
        precondition(result.table.ids.count == result.rowsAccepted)
    }
    _ = try? FileInspection.inspect(url)
    return 0
}
