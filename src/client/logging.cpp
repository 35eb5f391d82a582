#include "logging.h"

Q_LOGGING_CATEGORY(lcClient, "roomcast.client", QtInfoMsg)
