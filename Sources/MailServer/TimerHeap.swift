/// A binary min-heap of deadlines, each naming the event handler to wake. Entries are never
/// removed early: a handler whose deadline moved checks its own state when an entry fires.
struct TimerHeap {
    struct Entry {
        var deadline: Double
        var key: UInt64
    }

    private var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }
    var earliestDeadline: Double? { entries.first?.deadline }

    mutating func insert(deadline: Double, key: UInt64) {
        entries.append(Entry(deadline: deadline, key: key))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].deadline < entries[parent].deadline else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry when its deadline is at or before `now`.
    mutating func popDue(now: Double) -> Entry? {
        guard let first = entries.first, first.deadline <= now else { return nil }
        let last = entries.removeLast()
        guard !entries.isEmpty else { return first }
        entries[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < entries.count && entries[left].deadline < entries[smallest].deadline {
                smallest = left
            }
            if right < entries.count && entries[right].deadline < entries[smallest].deadline {
                smallest = right
            }
            guard smallest != parent else { break }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }

    mutating func removeAll() {
        entries = []
    }
}
