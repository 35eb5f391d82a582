#pragma once

// The main() of a test that runs a node in-process: the node's thread gets the event
// dispatcher roomcast-server runs on (edge/epolldispatcher.h), so the suite tests the loop
// the product ships. ROOMCAST_EVENT_DISPATCHER=qt runs the same test on Qt's own.

#include "edge/epolldispatcher.h"

#include <QCoreApplication>
#include <QTest>

#define ROOMCAST_SERVER_TEST_MAIN(TestObject)                                                      \
    int main(int argc, char *argv[])                                                               \
    {                                                                                              \
        qputenv("QT_NO_GLIB", "1");                                                                \
        roomcast::server::edge::installEventDispatcher();                                          \
        QCoreApplication app(argc, argv);                                                          \
        TestObject tc;                                                                             \
        QTEST_SET_MAIN_SOURCE_PATH                                                                 \
        return QTest::qExec(&tc, argc, argv);                                                      \
    }
