// Shared by tst_abuse and tst_abuseconnections: a node with a short hello timeout, started by
// the test. Mixed into the test classes (`private AbuseRig`), so their tests read as before.
#pragma once

#include "serverfixture.h"

#include <QtGlobal>

#include <memory>

namespace roomcast::test {

constexpr int kHelloTimeoutMs = 300;

class AbuseRig
{
protected:
    void prepareRig()
    {
        m_fx = std::make_unique<ServerFixture>();
        m_fx->config.helloTimeoutMs = kHelloTimeoutMs;
    }
    void releaseRig() { m_fx.reset(); }

    bool start()
    {
        if (!m_fx->start()) {
            qWarning("%s", m_fx->lastError.c_str());
            return false;
        }
        return true;
    }

    std::unique_ptr<ServerFixture> m_fx;
};

} // namespace roomcast::test
