#include "logging.h"

Q_LOGGING_CATEGORY(lcStore, "roomcast.server.store", QtInfoMsg)
