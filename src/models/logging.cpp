#include "logging.h"

Q_LOGGING_CATEGORY(lcModels, "roomcast.models", QtInfoMsg)
