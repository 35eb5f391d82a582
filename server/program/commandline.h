#pragma once

#include "serverconfig.h"

#include "protocol/expected.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <string>
#include <vector>

namespace roomcast::server {

//! What `roomcast-server token ...` was asked to mint.
struct TokenRequest
{
    QString user;
    QString name;
    qint64 ttlSecs = 3600;
    std::optional<std::vector<std::string>> rooms;
    bool readOnly = false;
};

//! The parsed command line (PROTOCOL.md section 8). Errors are one clear line.
struct CommandLine
{
    enum class Mode { Run, Token, Help, Version };
    Mode mode = Mode::Run;
    ServerConfig config; //!< secret not resolved yet
    QString secretFile;
    TokenRequest token;
    QString helpText;
};

protocol::Expected<CommandLine> parseCommandLine(const QStringList &arguments);

} // namespace roomcast::server
