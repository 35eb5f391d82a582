import QtQuick
import QtTest
import Roomcast.App

// TestCase itself is not visible: the items under test live in this visible root.
Item {
    id: root
    width: 600
    height: 100

    Component {
        id: bannerComponent
        ConnectionBanner {
            width: 600
        }
    }

    SignalSpy {
        id: retrySpy
        signalName: "retryClicked"
    }

    TestCase {
        name: "ConnectionBanner"
        when: windowShown

        function test_quietWhenConnected() {
            const banner = createTemporaryObject(bannerComponent, root, {
                text: "Connected · 12 ms · node-1",
                level: "ok",
                canRetry: false
            });
            verify(banner.quiet);
            compare(findChild(banner, "bannerLabel").text, "Connected · 12 ms · node-1");
            verify(!findChild(banner, "retryButton").visible);
            verify(banner.height > 20);
        }

        function test_retryWhileReconnecting() {
            const banner = createTemporaryObject(bannerComponent, root, {
                text: "Reconnecting in 3 s (attempt 4)",
                level: "warning",
                canRetry: true
            });
            verify(!banner.quiet);
            const button = findChild(banner, "retryButton");
            verify(button.visible);
            retrySpy.target = banner;
            retrySpy.clear();
            mouseClick(button);
            compare(retrySpy.count, 1);
            // Coloured by level: the warning tint differs from the error tint.
            const warningColor = banner.color.toString();
            banner.level = "error";
            verify(banner.color.toString() !== warningColor);
        }
    }
}
