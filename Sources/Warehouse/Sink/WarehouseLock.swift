/// A held job lock; released by `release()` or when the holder is deallocated or the process dies.
public protocol WarehouseLock: AnyObject {
    func release()
}
