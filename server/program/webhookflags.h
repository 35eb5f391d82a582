#pragma once

#include "serverconfig.h"

#include "protocol/expected.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace roomcast::server {

//! The values of `--webhook PATTERN=URL` (repeatable): PATTERN is a comma-separated list of
//! room patterns as in tokens (`alerts,deploy-*`), URL an http:// or https:// address.
protocol::Expected<std::vector<WebhookTarget>> parseWebhooks(const QStringList &values);
//! The key of `--webhook-secret-file F`: the file's content, surrounding whitespace removed;
//! an error when it cannot be read or is empty.
protocol::Expected<QByteArray> readWebhookSecret(const QString &path);

} // namespace roomcast::server
