import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Where a message is typed. Enter sends, Shift+Enter starts a new line; typing is reported
// so others see "… is typing" (the session limits how often).
Rectangle {
    id: root

    property string room: ""
    property alias text: input.text
    property bool offline: false

    signal sendRequested(string text)
    signal typing

    function focusInput() {
        input.forceActiveFocus();
    }

    implicitHeight: Math.min(input.implicitHeight, 160) + 28
    color: Theme.surface

    Rectangle {
        width: parent.width
        height: 1
        color: Theme.line
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: 12
        anchors.topMargin: 13
        spacing: Theme.spacing

        ScrollView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            TextArea {
                id: input
                objectName: "composerInput"
                Accessible.name: root.room === "" ? qsTr("Message") : qsTr("Message to %1").arg(root.room)
                Accessible.description: placeholderText
                placeholderText: root.room === "" ? qsTr("Join a room to write") : root.offline ? qsTr("Message #%1 (sent when back online)").arg(root.room) : qsTr("Message #%1").arg(root.room)
                wrapMode: TextEdit.Wrap
                enabled: root.room !== ""
                leftPadding: 10
                rightPadding: 10
                topPadding: 8
                bottomPadding: 8
                background: Rectangle {
                    radius: Theme.radius
                    color: Theme.window
                    border.color: input.activeFocus ? Theme.accent : Theme.line
                    border.width: input.activeFocus ? 2 : 1
                }
                Keys.onReturnPressed: event => {
                    if (event.modifiers & Qt.ShiftModifier) {
                        event.accepted = false;
                        return;
                    }
                    root.send();
                }
                Keys.onEnterPressed: root.send()
                // Tab leaves the composer (a TextArea would insert a tab character: a keyboard trap).
                Keys.onTabPressed: input.nextItemInFocusChain(true).forceActiveFocus(Qt.TabFocusReason)
                Keys.onBacktabPressed: input.nextItemInFocusChain(false).forceActiveFocus(Qt.BacktabFocusReason)
                onTextChanged: if (text !== "")
                    root.typing()
            }
        }
        Button {
            objectName: "sendButton"
            text: qsTr("Send")
            Accessible.name: qsTr("Send message")
            highlighted: true
            enabled: input.text.trim() !== "" && root.room !== ""
            onClicked: root.send()
        }
    }

    function send() {
        if (input.text.trim() === "")
            return;
        root.sendRequested(input.text);
        input.clear();
    }
}
