#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro Swift cannot import: tell SQLite to copy bound text.
// An empty Swift string may have no storage; a NULL pointer would bind SQL NULL, so use "".
static inline int csqlite_bind_text_transient(sqlite3_stmt *stmt, int index, const char *text, int bytes) {
    return sqlite3_bind_text(stmt, index, text ? text : "", bytes, SQLITE_TRANSIENT);
}

// sqlite3_file_control takes a void* argument Swift cannot form safely: keep the -wal and -shm
// files when the last connection closes, so a read-only reader (a monitoring user who may not
// create files beside the database) can still open a WAL-mode database.
static inline int csqlite_persist_wal(sqlite3 *db) {
    int on = 1;
    return sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &on);
}
