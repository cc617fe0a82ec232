/// Old option spellings kept for one release after a rename, with a note saying what replaced them.
enum Deprecated {
    /// Says on standard error that `old` was renamed `new` (the old spelling still works, until the next release).
    static func note(_ old: String, renamed new: String) {
        Console.note("note: \(old) is now \(new); \(old) still works in this release and goes in the next")
    }

    /// The value given under the new spelling, else under the old one (with the note).
    static func pick<T>(_ current: T?, old: T?, oldName: String, newName: String) -> T? {
        if current == nil, let old {
            note(oldName, renamed: newName)
            return old
        }
        return current
    }
}
