#include "logging.h"

Q_LOGGING_CATEGORY(lcProtocol, "roomcast.protocol", QtInfoMsg)
