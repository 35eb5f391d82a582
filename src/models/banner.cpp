#include "banner.h"

#include <QCoreApplication>

namespace roomcast::models {

using State = client::Connection::State;

Banner Banner::describe(const Input &in)
{
    Banner b;
    switch (in.state) {
    case State::Connected: {
        QStringList parts{QCoreApplication::translate("Banner", "Connected")};
        if (in.rttMs >= 0)
            parts << QCoreApplication::translate("Banner", "%1 ms").arg(in.rttMs);
        if (!in.node.isEmpty())
            parts << in.node;
        b.text = parts.join(QStringLiteral(" · "));
        b.level = QStringLiteral("ok");
        break;
    }
    case State::Connecting:
    case State::Authenticating:
        b.text = in.host.isEmpty() ? QCoreApplication::translate("Banner", "Connecting…")
                                   : QCoreApplication::translate("Banner", "Connecting to %1…").arg(in.host);
        b.level = QStringLiteral("busy");
        break;
    case State::Reconnecting: {
        // Round up: "in 0 s" while still waiting would read as a lie.
        const int seconds = (in.reconnectInMs + 999) / 1000;
        b.text = QCoreApplication::translate("Banner", "Reconnecting in %1 s (attempt %2)").arg(seconds).arg(in.attempt);
        if (!in.lastError.isEmpty())
            b.text += QStringLiteral(" — ") + in.lastError;
        b.level = QStringLiteral("warning");
        b.canRetry = true;
        break;
    }
    case State::Unauthorized:
        b.text = QCoreApplication::translate("Banner", "Signed out — the server refused the token");
        b.level = QStringLiteral("error");
        break;
    case State::Stopped:
        b.text = in.lastError.isEmpty() ? QCoreApplication::translate("Banner", "Stopped")
                                        : QCoreApplication::translate("Banner", "Stopped — ") + in.lastError;
        b.level = QStringLiteral("error");
        b.canRetry = true;
        break;
    case State::Offline:
        b.text = QCoreApplication::translate("Banner", "Offline");
        b.level = QStringLiteral("error");
        b.canRetry = !in.host.isEmpty();
        break;
    }
    return b;
}

} // namespace roomcast::models
