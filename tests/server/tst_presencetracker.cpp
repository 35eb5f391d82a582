// Presence per user with the grace period, under caller-supplied time.
#include "server/node/presencetracker.h"

#include <QTest>

using roomcast::protocol::UserRef;
using roomcast::server::PresenceTracker;

class TstPresenceTracker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firstConnectionJoinsOnce()
    {
        PresenceTracker p(5000);
        QVERIFY(p.enter("r", UserRef{"bob", "Bob"}));
        QVERIFY(!p.enter("r", UserRef{"bob", "Bob"}));
        QCOMPARE(p.users("r").size(), std::size_t(1));
        QVERIFY(!p.exit("r", "bob", true, 0)); // one connection left
        QVERIFY(p.exit("r", "bob", true, 0));  // the last one: leave now
        QVERIFY(p.users("r").empty());
    }

    void uncleanLeaveWaitsForGrace()
    {
        PresenceTracker p(5000);
        p.enter("r", UserRef{"bob", "Bob"});
        QVERIFY(!p.exit("r", "bob", false, 1000));
        QCOMPARE(p.users("r").size(), std::size_t(1)); // still listed
        QCOMPARE(*p.nextDeadline(), std::int64_t(6000));
        QVERIFY(p.expire(5999).empty());
        const auto changes = p.expire(6000);
        QCOMPARE(changes.size(), std::size_t(1));
        QVERIFY(!changes[0].joined);
        QCOMPARE(changes[0].user.id, std::string("bob"));
        QVERIFY(p.users("r").empty());
    }

    void quickReturnShowsNeitherLeaveNorJoin()
    {
        PresenceTracker p(5000);
        p.enter("r", UserRef{"bob", "Bob"});
        p.exit("r", "bob", false, 1000);
        QVERIFY(!p.enter("r", UserRef{"bob", "Bob"})); // no second join
        QVERIFY(p.expire(10000).empty());              // no leave
        QCOMPARE(p.users("r").size(), std::size_t(1));
    }

    void roomsAreIndependentAndSorted()
    {
        PresenceTracker p(10);
        p.enter("a", UserRef{"zed", "Z"});
        p.enter("a", UserRef{"amy", "A"});
        p.enter("b", UserRef{"amy", "A"});
        const auto users = p.users("a");
        QCOMPARE(users.size(), std::size_t(2));
        QCOMPARE(users[0].id, std::string("amy"));
        QVERIFY(p.exit("b", "amy", true, 0));
        QCOMPARE(p.users("a").size(), std::size_t(2));
    }

    void exitOfUnknownUserIsIgnored()
    {
        PresenceTracker p(10);
        QVERIFY(!p.exit("r", "ghost", true, 0));
        QVERIFY(!p.exit("r", "ghost", false, 0));
        QVERIFY(!p.nextDeadline());
    }
};

QTEST_GUILESS_MAIN(TstPresenceTracker)
#include "tst_presencetracker.moc"
