#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro Swift cannot import: tell SQLite to copy bound text.
// An empty Swift string may have no storage; a NULL pointer would bind SQL NULL, so use "".
static inline int csqlite_bind_text_transient(sqlite3_stmt *stmt, int index, const char *text, int bytes) {
    return sqlite3_bind_text(stmt, index, text ? text : "", bytes, SQLITE_TRANSIENT);
}
