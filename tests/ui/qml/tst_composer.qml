import QtQuick
import QtTest
import Roomcast.App

// TestCase itself is not visible: the items under test live in this visible root.
Item {
    id: root
    width: 600
    height: 200

    Component {
        id: composerComponent
        Composer {
            width: 600
            room: "general"
        }
    }

    SignalSpy {
        id: sendSpy
        signalName: "sendRequested"
    }
    SignalSpy {
        id: typingSpy
        signalName: "typing"
    }

    TestCase {
        name: "Composer"
        when: windowShown

        function test_enterSendsAndClears() {
            const composer = createTemporaryObject(composerComponent, root);
            sendSpy.target = composer;
            sendSpy.clear();
            typingSpy.target = composer;
            typingSpy.clear();
            composer.focusInput();
            keyClick(Qt.Key_H);
            keyClick(Qt.Key_I);
            verify(typingSpy.count > 0);
            keyClick(Qt.Key_Return);
            compare(sendSpy.count, 1);
            compare(sendSpy.signalArguments[0][0], "hi");
            compare(composer.text, "");
        }

        function test_shiftEnterIsANewLine() {
            const composer = createTemporaryObject(composerComponent, root);
            sendSpy.target = composer;
            sendSpy.clear();
            composer.focusInput();
            keyClick(Qt.Key_A);
            keyClick(Qt.Key_Return, Qt.ShiftModifier);
            keyClick(Qt.Key_B);
            compare(sendSpy.count, 0);
            compare(composer.text, "a\nb");
        }

        function test_emptyIsNotSent() {
            const composer = createTemporaryObject(composerComponent, root);
            sendSpy.target = composer;
            sendSpy.clear();
            composer.focusInput();
            keyClick(Qt.Key_Space);
            keyClick(Qt.Key_Return);
            compare(sendSpy.count, 0);
            verify(!findChild(composer, "sendButton").enabled);
        }
    }
}
