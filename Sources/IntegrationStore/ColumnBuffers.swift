/// Two buffers of `room` bytes for the store's respondent columns (scores → store): one
/// written on the column writer's core while SQLite inserts the other. Allocated and never
/// filled, so a buffer is memory only as far as a column writes it. Shared by the two
/// threads, which take turns on each buffer through semaphores (`ResultStore.insertScores`).
struct ColumnBuffers: @unchecked Sendable {
    private let base: UnsafeMutablePointer<UInt8>
    private let room: Int

    init(room: Int) {
        self.room = room
        base = .allocate(capacity: 2 * room)
    }

    func start(_ buffer: Int) -> UnsafeMutablePointer<UInt8> { base + buffer * room }

    func deallocate() { base.deallocate() }
}
