import QtQuick
import QtTest
import Roomcast.App

// TestCase itself is not visible: the items under test live in this visible root.
Item {
    id: root
    width: 400
    height: 300

    Component {
        id: toastComponent
        Toast {
            room: "alerts"
            title: "Disk full"
            text: "db-2 at 92 %"
            level: "warning"
            timeout: 200
        }
    }
    Component {
        id: stackComponent
        ToastStack {}
    }

    SignalSpy {
        id: spy
    }

    TestCase {
        name: "Toast"
        when: windowShown

        function test_expiresByItself() {
            const toast = createTemporaryObject(toastComponent, root);
            spy.signalName = "expired";
            spy.target = toast;
            spy.clear();
            spy.wait(2000);
            compare(spy.count, 1);
        }

        function test_clickOpensTheRoom() {
            const stack = createTemporaryObject(stackComponent, root);
            spy.signalName = "roomRequested";
            spy.target = stack;
            spy.clear();
            stack.show("alerts", "Disk full", "", "warning");
            stack.show("general", "Hello", "", "info");
            tryCompare(stack, "height", stack.children[0].height + stack.children[1].height + stack.spacing);
            mouseClick(stack.children[1]);
            compare(spy.count, 1);
            compare(spy.signalArguments[0][0], "general");
        }
    }
}
