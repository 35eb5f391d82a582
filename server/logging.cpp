#include "logging.h"

Q_LOGGING_CATEGORY(lcServer, "roomcast.server", QtInfoMsg)
