import Foundation

/// A streaming RFC 4180 reader over bytes: it hands out one record at a time as byte ranges
/// into its buffer, so no `String` is made unless a caller asks for one. The file is read in
/// chunks; a record may span chunks and physical lines.
///
/// A class because it owns an open file handle, closed when the reader goes away.
public final class CSVReader {
    /// One field of the current record: a byte range of the buffer, without its quotes.
    public struct Field: Sendable {
        public var start: Int
        public var end: Int
        /// The field was quoted and holds doubled quotes that must be undone.
        public var hasEscapedQuotes: Bool
        /// The field was written in quotes.
        public var isQuoted = false
    }

    /// Where and how the current record was found.
    public struct RecordInfo: Sendable {
        /// The physical line (1-based) on which the record starts.
        public var line: Int
        /// The whole record as written, without its line ending.
        public var raw: Range<Int>
        /// A closing quote followed by text, or a quote inside an unquoted field.
        public var malformedField: Int?
    }

    public let url: URL
    /// The encoding is settled by the first non-ASCII bytes, wherever they are in the file.
    public private(set) var dialect: CSVDialect
    private var encodingSettled = false
    private let handle: FileHandle
    private(set) var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEndOfFile = false
    /// The bytes of the file read so far.
    private var fileOffset = 0
    /// How much the file is read by: the buffer's first size.
    private let chunkSize: Int
    /// The next chunk, being read on another core (`startReadingAhead`), and the buffer the
    /// next one is read into (the buffer before the last change of places).
    private var readAhead: ReadAhead?
    private var spare: [UInt8] = []
    private var nextLine = 1
    /// The field (0-based) of the current record whose quote is still open when the buffer
    /// ends; names the column when the file ends inside it.
    private var openQuotedField = 0
    /// Fields of the current record; valid until the next call to `next()`.
    public private(set) var fields: [Field] = []

    /// Opens a file and detects its dialect. Throws `IngestError` when it cannot be read or
    /// is not text.
    public init(url: URL, chunkSize: Int = 1 << 20) throws {
        self.url = url
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            throw IngestError(file: url.path, kind: exists && !isDirectory.boolValue ? .unreadable : .notFound, message: exists ? "cannot be opened" : "no such file")
        }
        // With room for a chunk read ahead and its headroom (`headroom`): it is the spare
        // buffer once the first chunk is read ahead (`startReadingAhead`).
        let size = max(chunkSize, 64)
        var buffer = HugePages.zeroedBytes(count: size, room: size + size / 4)
        var start = 0
        var end = 0
        var atEndOfFile = false
        var fileOffset = 0
        try Self.fill(handle: handle, buffer: &buffer, start: &start, end: &end, atEndOfFile: &atEndOfFile, fileOffset: &fileOffset, url: url)
        let prefixEnd = min(end, 1 << 16)
        if buffer[0..<prefixEnd].contains(0) {
            throw IngestError(file: url.path, kind: .notText, message: "holds NUL bytes: not a text file (is it an .xlsx or .sav export?)")
        }
        var detected = buffer.withUnsafeBufferPointer { CSVDialect.detect(UnsafeBufferPointer(rebasing: $0[0..<prefixEnd])) }
        let evidence = buffer.withUnsafeBufferPointer { TextEncoding.evidence(in: UnsafeBufferPointer(rebasing: $0[0..<end])) }
        detected.encoding = evidence ?? .utf8
        var nextLine = 1
        if detected.hasByteOrderMark { start = 3 }
        if detected.hasSeparatorLine {
            while start < end, buffer[start] != UInt8(ascii: "\n") { start += 1 }
            start += 1
            nextLine = 2
        }
        self.handle = handle
        self.dialect = detected
        self.buffer = buffer
        self.start = start
        self.end = end
        self.atEndOfFile = atEndOfFile
        self.fileOffset = fileOffset
        self.chunkSize = buffer.count
        self.nextLine = nextLine
        self.encodingSettled = evidence != nil
    }

    deinit {
        // The chunk being read ahead reads the file: waited for before it is closed.
        _ = readAhead?.wait()
        try? handle.close()
    }

    /// The bytes of a field, with doubled quotes undone.
    public func bytes(of field: Field) -> [UInt8] {
        buffer.withUnsafeBufferPointer { Self.bytes(of: field, in: $0) }
    }

    /// The bytes of a field of `buffer`, with doubled quotes undone: for callers that hold
    /// the buffer (`withBytes`) on another thread.
    static func bytes(of field: Field, in buffer: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard field.hasEscapedQuotes else { return Array(buffer[field.start..<field.end]) }
        var result: [UInt8] = []
        result.reserveCapacity(field.end - field.start)
        var i = field.start
        while i < field.end {
            result.append(buffer[i])
            i += buffer[i] == UInt8(ascii: "\"") ? 2 : 1
        }
        return result
    }

    /// The text of a field in the file's encoding.
    public func string(of field: Field) -> String {
        if field.hasEscapedQuotes { return dialect.encoding.decode(bytes(of: field)) }
        return buffer.withUnsafeBufferPointer { dialect.encoding.decode(UnsafeBufferPointer(rebasing: $0[field.start..<field.end])) }
    }

    /// Calls `body` with the buffer, for callers that read fields without copying.
    public func withBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try buffer.withUnsafeBufferPointer(body)
    }

    /// Reads the next record into `fields`; `nil` at the end of the file. Blank lines are
    /// skipped. Throws when a quoted field is still open at the end of the file.
    public func next() throws -> RecordInfo? {
        while true {
            if start >= end && atEndOfFile { return nil }
            // The array is taken out, so that it is unique and keeps its room record after record.
            var parsed: [Field] = []
            swap(&parsed, &fields)
            parsed.removeAll(keepingCapacity: true)
            let outcome = parseRecord(into: &parsed)
            swap(&parsed, &fields)
            switch outcome {
            case .record(let info, let consumedTo, let lines):
                start = consumedTo
                nextLine += lines
                if info.raw.isEmpty { continue }
                return info
            case .needMore:
                try refill()
            }
        }
    }

    /// Gives `body` each of the next `count` records the buffer holds, with its fields (byte
    /// ranges of `bytes`), without reading them: the reader stays where it is, and `next()`
    /// still returns the first of them. Blank lines are passed over, as `next()` passes them.
    /// Returns false when the buffer ends before `count` records and the file goes on: the
    /// caller must look at the rest another way. A record whose quote the file never closes
    /// ends the look, as it ends reading (`next()` throws there).
    ///
    /// For a look at the first rows before ingest reads them (`DecimalConvention`): from the
    /// buffer read already, where a second reader opened the file again and read a chunk.
    func peek(records count: Int, _ body: (_ fields: UnsafeBufferPointer<Field>, _ bytes: UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        var parsed: [Field] = []
        var position = start
        var given = 0
        var openField = 0
        return buffer.withUnsafeBufferPointer { bytes in
            while given < count {
                if position >= end { return atEndOfFile }
                parsed.removeAll(keepingCapacity: true)
                let outcome = Self.parseRecord(
                    in: bytes, at: position, limit: end, endOfFile: atEndOfFile, line: nextLine, separator: dialect.separator, into: &parsed,
                    openField: &openField)
                guard case .record(let info, let consumedTo, _) = outcome else { return atEndOfFile }
                position = consumedTo
                if info.raw.isEmpty { continue }
                parsed.withUnsafeBufferPointer { body($0, bytes) }
                given += 1
            }
            return true
        }
    }

    /// Records of one batch: their places and their fields, as byte ranges of the reader's
    /// buffer, valid until the reader reads on.
    public struct RecordBatch: Sendable {
        public fileprivate(set) var records: [RecordInfo] = []
        /// Record r's fields are `fields[fieldOffsets[r]..<fieldOffsets[r + 1]]`.
        public fileprivate(set) var fieldOffsets: [Int] = [0]
        public fileprivate(set) var fields: [Field] = []

        public init() {}

        public var count: Int { records.count }

        public func fields(of record: Int) -> ArraySlice<Field> { fields[fieldOffsets[record]..<fieldOffsets[record + 1]] }

        mutating func removeAll() {
            records.removeAll(keepingCapacity: true)
            fieldOffsets.removeAll(keepingCapacity: true)
            fieldOffsets.append(0)
            fields.removeAll(keepingCapacity: true)
        }
    }

    /// Reads into `batch` the records the buffer holds, at most `maximum`, reading more of the
    /// file only when it holds none; false at the end of the file. For callers that work on
    /// many records at once (on several cores): the batch's ranges stay valid until the next
    /// call of `next()` or `nextBatch(into:)`.
    public func nextBatch(into batch: inout RecordBatch, maximum: Int = 1 << 16) throws -> Bool {
        batch.removeAll()
        while batch.count < maximum {
            if start >= end && atEndOfFile { break }
            switch parseRecord(into: &batch.fields) {
            case .record(let info, let consumedTo, let lines):
                start = consumedTo
                nextLine += lines
                if info.raw.isEmpty {
                    // A blank line is no record: its one empty field goes too.
                    batch.fields.removeSubrange(batch.fieldOffsets[batch.fieldOffsets.count - 1]...)
                    continue
                }
                batch.records.append(info)
                batch.fieldOffsets.append(batch.fields.count)
            case .needMore:
                // The records so far point into the buffer, which reading more would move.
                if batch.count > 0 { return true }
                try refill()
            }
        }
        return batch.count > 0
    }

    /// Reads more of the file after an incomplete record; throws when the file ends inside
    /// a quoted field.
    private func refill() throws {
        if atEndOfFile {
            throw IngestError(
                file: url.path, kind: .unbalancedQuote, line: nextLine, field: openQuotedField,
                message: "a quoted field opened on this line is never closed")
        }
        let unread = end - start
        // Whether the new bytes are known to be ASCII (the read-ahead's thread looked).
        var readIsASCII = false
        if let readAhead {
            self.readAhead = nil
            let chunk = readAhead.wait()
            readIsASCII = chunk.isASCII
            try take(chunk)
        } else {
            try Self.fill(handle: handle, buffer: &buffer, start: &start, end: &end, atEndOfFile: &atEndOfFile, fileOffset: &fileOffset, url: url)
        }
        if !encodingSettled, !readIsASCII {
            // Everything so far was ASCII: the new bytes may settle the encoding.
            let from = start + unread
            if let evidence = buffer.withUnsafeBufferPointer({ TextEncoding.evidence(in: UnsafeBufferPointer(rebasing: $0[from..<end])) }) {
                dialect.encoding = evidence
                encodingSettled = true
            }
        }
    }

    private enum ParseOutcome {
        case record(RecordInfo, consumedTo: Int, lines: Int)
        case needMore
    }

    /// Parses the record at `start`, appending its fields to `parsed`; a record the buffer
    /// does not hold whole appends nothing.
    private func parseRecord(into parsed: inout [Field]) -> ParseOutcome {
        var openField = 0
        let outcome = buffer.withUnsafeBufferPointer { bytes in
            Self.parseRecord(
                in: bytes, at: start, limit: end, endOfFile: atEndOfFile, line: nextLine, separator: dialect.separator, into: &parsed,
                openField: &openField)
        }
        openQuotedField = openField
        return outcome
    }

    /// The record starting at `recordStart`, its fields appended to `parsed` (nothing is
    /// appended for a record the bytes up to `limit` do not hold whole); `openField` is the
    /// field whose quote is still open then. A function of its arguments alone, so that
    /// shares of a buffer can be parsed on several cores.
    private static func parseRecord(
        in bytes: UnsafeBufferPointer<UInt8>, at recordStart: Int, limit: Int, endOfFile eof: Bool, line: Int, separator: UInt8,
        into parsed: inout [Field], openField: inout Int
    ) -> ParseOutcome {
        let quote = UInt8(ascii: "\"")
        let newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        let firstField = parsed.count
        let outcome: ParseOutcome = {
            var i = recordStart
            var newlines = 0
            var malformed: Int?
            while true {
                var field = Field(start: i, end: i, hasEscapedQuotes: false)
                if i < limit && bytes[i] == quote {
                    i += 1
                    field.start = i
                    field.isQuoted = true
                    while true {
                        while i < limit && bytes[i] != quote {
                            if bytes[i] == newline { newlines += 1 }
                            i += 1
                        }
                        if i >= limit {
                            openField = parsed.count - firstField
                            return .needMore
                        }
                        if i + 1 < limit && bytes[i + 1] == quote {
                            field.hasEscapedQuotes = true
                            i += 2
                            continue
                        }
                        if i + 1 >= limit && !eof { return .needMore }
                        field.end = i
                        i += 1
                        break
                    }
                    if i < limit, bytes[i] != separator, bytes[i] != newline, bytes[i] != carriageReturn {
                        // Text after a closing quote: keep it in the field, mark the record.
                        malformed = malformed ?? parsed.count - firstField
                        while i < limit, bytes[i] != separator, bytes[i] != newline, bytes[i] != carriageReturn { i += 1 }
                        if i >= limit && !eof { return .needMore }
                        field.end = i
                    }
                } else {
                    while i < limit {
                        let byte = bytes[i]
                        if byte == separator || byte == newline || byte == carriageReturn { break }
                        if byte == quote { malformed = malformed ?? parsed.count - firstField }
                        i += 1
                    }
                    if i >= limit && !eof { return .needMore }
                    field.end = i
                }
                parsed.append(field)
                if i >= limit {
                    let info = RecordInfo(line: line, raw: recordStart..<i, malformedField: malformed)
                    return .record(info, consumedTo: i, lines: newlines)
                }
                if bytes[i] == separator {
                    i += 1
                    continue
                }
                let rawEnd = i
                if bytes[i] == carriageReturn {
                    if i + 1 >= limit && !eof { return .needMore }
                    i += (i + 1 < limit && bytes[i + 1] == newline) ? 2 : 1
                } else {
                    i += 1
                }
                let info = RecordInfo(line: line, raw: recordStart..<rawEnd, malformedField: malformed)
                return .record(info, consumedTo: i, lines: newlines + 1)
            }
        }()
        if case .needMore = outcome { parsed.removeSubrange(firstField...) }
        return outcome
    }

    /// The buffer cut at line breaks into shares for several cores: share i is
    /// `bounds[i]..<bounds[i + 1]`, parsed as if a record started there. That guess holds
    /// unless a quoted field holds a line break at a cut; `ShareOutcome.agree` tells.
    public struct Shares: Sendable {
        public let bounds: [Int]
        fileprivate let endOfFile: Bool
        fileprivate let separator: UInt8

        public var count: Int { bounds.count - 1 }
    }

    /// Where parsing a share stopped, how many physical lines it passed, and whether it met
    /// no record the buffer does not hold whole (but the last share's, read on next time).
    public struct ShareOutcome: Sendable {
        public var stop = 0
        public var lines = 0
        public var complete = true

        public init() {}

        /// Whether every share ended exactly where the next began: then the shares' records
        /// are the buffer's.
        public static func agree(_ outcomes: [ShareOutcome], of shares: Shares) -> Bool {
            outcomes.indices.allSatisfy { index in
                outcomes[index].complete && (index == outcomes.count - 1 || outcomes[index].stop == shares.bounds[index + 1])
            }
        }
    }

    /// The unread buffer cut into `count` shares of at least `smallestShare` bytes, reading
    /// on first when what is left is less (mostly a record cut by the buffer's end); `nil`
    /// when the buffer is too small to share or has no line break where one is needed, or
    /// at the end of the file: then `nextBatch(into:)` reads on in one share.
    public func nextShares(_ count: Int, smallestShare: Int) throws -> Shares? {
        guard count > 1 else { return nil }
        if (end - start) / count < smallestShare, !atEndOfFile { try refill() }
        let size = end - start
        guard size / count >= smallestShare else { return nil }
        var bounds = [start]
        let found: Bool = buffer.withUnsafeBufferPointer { bytes in
            for share in 1..<count {
                var cut = start + size * share / count
                while cut < end, bytes[cut] != UInt8(ascii: "\n") { cut += 1 }
                guard cut + 1 < end, cut + 1 > bounds[bounds.count - 1] else { return false }
                bounds.append(cut + 1)
            }
            return true
        }
        guard found else { return nil }
        bounds.append(end)
        return Shares(bounds: bounds, endOfFile: atEndOfFile, separator: dialect.separator)
    }

    /// Parses share `index` of `shares` in `bytes` (the buffer, from `withBytes`), handing
    /// each record to `sink`: first whole, to take if it is plain, else with its fields,
    /// which stay valid during the call only; lines count from 0 at the share's start. A
    /// function of its arguments alone, so that every core parses its own share, and checks
    /// each record while its bytes are in cache.
    static func parse<Sink: ShareRecordSink>(
        share index: Int, of shares: Shares, in bytes: UnsafeBufferPointer<UInt8>, fields: inout [Field], into sink: inout Sink
    ) -> ShareOutcome {
        var outcome = ShareOutcome()
        var position = shares.bounds[index]
        var openField = 0
        let limit = shares.bounds[shares.count]
        while position < shares.bounds[index + 1] {
            if let next = sink.takePlainRecord(in: bytes, at: position, limit: limit, line: outcome.lines, separator: shares.separator) {
                // A plain record is one physical line.
                position = next
                outcome.lines += 1
                continue
            }
            fields.removeAll(keepingCapacity: true)
            let parsed = parseRecord(
                in: bytes, at: position, limit: limit, endOfFile: shares.endOfFile, line: outcome.lines,
                separator: shares.separator, into: &fields, openField: &openField)
            guard case .record(let info, let consumedTo, let lines) = parsed else {
                // A record the buffer does not hold whole: the rest of the file's business.
                outcome.complete = index == shares.count - 1 && !shares.endOfFile
                break
            }
            position = consumedTo
            outcome.lines += lines
            // A blank line is no record.
            if !info.raw.isEmpty { fields.withUnsafeBufferPointer { sink.take(info, fields: $0, in: bytes) } }
        }
        outcome.stop = position
        return outcome
    }

    /// Moves past shares whose records were all taken (`ShareOutcome.agree`); returns the
    /// file's line number of each share's line 0.
    public func consume(_ shares: Shares, outcomes: [ShareOutcome]) -> [Int] {
        var firstLines: [Int] = []
        for outcome in outcomes {
            firstLines.append(nextLine)
            nextLine += outcome.lines
        }
        start = outcomes[outcomes.count - 1].stop
        startReadingAhead()
        return firstLines
    }

    /// Room left before a chunk read ahead for the unread end of the buffer: a share's reader
    /// reads on with less than a share left (64 KiB a core), so the buffers change places.
    private var headroom: Int { chunkSize / 4 }

    /// Starts reading the file's next chunk on another core, unless one is being read or the
    /// file is read to its end: called once a buffer's shares are parsed, while their rows
    /// are kept on one core (and by tests, between records).
    func startReadingAhead() {
        guard readAhead == nil, !atEndOfFile else { return }
        var next: [UInt8] = []
        swap(&next, &spare)
        let size = headroom + chunkSize
        if next.count < size, next.capacity >= size {
            // The first buffer, made with room for this (`init`).
            HugePages.lengthen(&next, to: size)
        } else if next.count != size {
            next = HugePages.zeroedBytes(count: size)
        }
        // Handed over, not shared: the buffer is read into on the other core, and a second
        // reference would have it copied whole first.
        readAhead = ReadAhead(descriptor: handle.fileDescriptor, offset: fileOffset, into: consume next, headroom: headroom, checkingASCII: !encodingSettled)
    }

    /// Reads on from a chunk read ahead: the unread end of the buffer goes into the room
    /// before the chunk and the two buffers change places; an end larger than that room is
    /// moved to the front of the buffer as always, with the chunk after it.
    private func take(_ chunk: consuming ReadAhead.Chunk) throws {
        let read = chunk.read
        if let failure = read.failure { throw Self.readFailure(failure, url: url) }
        let remaining = end - start
        // Moved out of the chunk, not copied: written into below, a second reference would
        // have it copied whole first.
        var next: [UInt8] = []
        swap(&next, &chunk.buffer)
        if remaining <= headroom {
            let first = headroom - remaining
            buffer.withUnsafeBufferPointer { unread in
                next.withUnsafeMutableBufferPointer { target in
                    if remaining > 0 { (target.baseAddress! + first).update(from: unread.baseAddress! + start, count: remaining) }
                }
            }
            swap(&buffer, &next)
            start = first
            end = headroom + read.count
        } else {
            Self.moveUnreadToFront(&buffer, start: &start, end: &end)
            if buffer.count < end + read.count { buffer += repeatElement(0, count: end + read.count - buffer.count) }
            buffer.withUnsafeMutableBufferPointer { target in
                next.withUnsafeBufferPointer { chunkBytes in
                    if read.count > 0 { (target.baseAddress! + end).update(from: chunkBytes.baseAddress! + headroom, count: read.count) }
                }
            }
            end += read.count
        }
        spare = next
        fileOffset += read.count
        if read.reachedEnd { atEndOfFile = true }
    }

    /// Moves the unread bytes to the front and reads more, growing the buffer when one record
    /// is larger than it.
    private static func fill(
        handle: FileHandle, buffer: inout [UInt8], start: inout Int, end: inout Int, atEndOfFile: inout Bool, fileOffset: inout Int, url: URL
    ) throws {
        if start > 0 {
            moveUnreadToFront(&buffer, start: &start, end: &end)
        } else if end == buffer.count {
            HugePages.lengthen(&buffer, to: 2 * buffer.count)
        }
        // Read straight into the buffer until it is full or the file ends, at the reader's own
        // offset (a chunk may have been read ahead).
        let read = FileRead(descriptor: handle.fileDescriptor, offset: fileOffset, into: &buffer, from: end)
        if let failure = read.failure { throw readFailure(failure, url: url) }
        if read.reachedEnd { atEndOfFile = true }
        end += read.count
        fileOffset += read.count
    }

    /// Moves `buffer[start..<end]`, the bytes not read yet, to the buffer's front.
    private static func moveUnreadToFront(_ buffer: inout [UInt8], start: inout Int, end: inout Int) {
        let remaining = end - start
        if remaining > 0, start > 0 {
            buffer.withUnsafeMutableBufferPointer { pointer in
                let base = pointer.baseAddress!
                base.update(from: base + start, count: remaining)
            }
        }
        start = 0
        end = remaining
    }

    private static func readFailure(_ failure: Int32, url: URL) -> IngestError {
        IngestError(file: url.path, kind: .unreadable, message: "read failed: \(String(cString: strerror(failure)))")
    }
}

/// What takes the records of a share as `CSVReader.parse(share:of:in:fields:into:)` finds
/// them: a plain record whole, from its bytes, or any record with its parsed fields.
protocol ShareRecordSink {
    /// Takes the record starting at `start` when it is plain enough to be read straight from
    /// the bytes (one physical line, ending before `limit`), and returns where the next one
    /// starts; `nil` leaves it to be parsed in full and handed to `take(_:fields:)`.
    mutating func takePlainRecord(in bytes: UnsafeBufferPointer<UInt8>, at start: Int, limit: Int, line: Int, separator: UInt8) -> Int?
    /// Takes a record with its fields (ranges of `bytes`), which stay valid during the call only.
    mutating func take(_ info: CSVReader.RecordInfo, fields: UnsafeBufferPointer<CSVReader.Field>, in bytes: UnsafeBufferPointer<UInt8>)
}
