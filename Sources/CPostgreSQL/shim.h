#include <libpq-fe.h>
#include <postgres_ext.h>

// PG_DIAG_* are char macros, which Swift does not import.
static const int cpq_diag_sqlstate = PG_DIAG_SQLSTATE;
static const int cpq_diag_message_primary = PG_DIAG_MESSAGE_PRIMARY;
static const int cpq_diag_message_detail = PG_DIAG_MESSAGE_DETAIL;
