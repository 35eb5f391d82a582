#pragma once

#include <QLoggingCategory>

//! `roomcast.models`: the QML-facing layer (session, models, notifications, settings).
Q_DECLARE_LOGGING_CATEGORY(lcModels)
