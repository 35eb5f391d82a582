import QtQuick
import QtTest
import Roomcast.App

// TestCase itself is not visible: the items under test live in this visible root.
Item {
    id: root
    width: 600
    height: 400

    Component {
        id: delegateComponent
        MessageDelegate {
            width: 600
            senderName: "Bob"
            senderHue: 0.3
            senderInitials: "B"
            own: false
            timeText: "14:02"
            kind: "chat"
            rawKind: "chat"
            text: "Hello there"
            title: ""
            level: ""
            metricText: ""
            metricName: ""
            prettyJson: ""
            deliveryState: ""
            deliveryError: ""
            firstOfGroup: true
            clientMsgId: "cmid-1"
        }
    }
    SignalSpy {
        id: retrySpy
        signalName: "retryRequested"
    }

    TestCase {
        name: "MessageDelegate"
        when: windowShown

        function test_chatShowsText() {
            const d = createTemporaryObject(delegateComponent, root);
            tryVerify(() => findChild(d, "chatText") !== null);
            compare(findChild(d, "chatText").text, "Hello there");
            verify(!findChild(d, "deliveryState").visible);
        }

        function test_groupedLinesAreShorter() {
            const first = createTemporaryObject(delegateComponent, root);
            const next = createTemporaryObject(delegateComponent, root, {
                firstOfGroup: false
            });
            verify(next.implicitHeight < first.implicitHeight);
        }

        function test_ownMessageShowsDeliveryState() {
            const d = createTemporaryObject(delegateComponent, root, {
                own: true,
                deliveryState: "queued"
            });
            const state = findChild(d, "deliveryState");
            verify(state.visible);
            compare(state.text, "queued");
            d.deliveryState = "acknowledged";
            compare(state.text, "✓");
            d.deliveryState = "failed";
            compare(state.text, "failed");
        }

        function test_retryOnlyForFailed() {
            const d = createTemporaryObject(delegateComponent, root, {
                own: true,
                deliveryState: "sending"
            });
            const line = findChild(d, "failureLine");
            const retry = findChild(d, "retryButton");
            verify(!line.visible);
            tryVerify(() => d.implicitHeight > 0);
            const normalHeight = d.implicitHeight;
            d.deliveryState = "acknowledged";
            verify(!line.visible);

            d.deliveryState = "failed";
            d.deliveryError = "read-only token: publishing is not allowed";
            verify(line.visible);
            verify(retry.visible);
            compare(retry.text, "Retry");
            compare(findChild(d, "failureReason").text, "Not delivered: read-only token: publishing is not allowed");
            compare(findChild(d, "deliveryState").text, "failed");
            tryVerify(() => d.implicitHeight > normalHeight); // the line takes room, no overlap
            verify(retry.width < 80); // compact, not Fusion's default width

            retrySpy.clear();
            retrySpy.target = d;
            mouseClick(retry);
            compare(retrySpy.count, 1);
            compare(retrySpy.signalArguments[0][0], "cmid-1");

            d.deliveryState = "queued"; // what the model says once Retry took effect
            verify(!line.visible);
            tryCompare(d, "implicitHeight", normalHeight);
        }

        function test_notificationAndUnknown() {
            const n = createTemporaryObject(delegateComponent, root, {
                kind: "notification",
                title: "Disk full",
                level: "warning"
            });
            tryVerify(() => findChild(n, "notificationCard") !== null);
            const u = createTemporaryObject(delegateComponent, root, {
                kind: "unknown",
                rawKind: "deploy.v2",
                prettyJson: "{\n  \"a\": 1\n}"
            });
            tryVerify(() => findChild(u, "prettyJson") !== null);
            compare(findChild(u, "prettyJson").text, "{\n  \"a\": 1\n}");
        }
    }
}
