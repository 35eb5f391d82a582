#include "logging.h"

Q_LOGGING_CATEGORY(lcEdge, "roomcast.server.edge", QtInfoMsg)
