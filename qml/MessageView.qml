import QtQuick
import QtQuick.Controls

// The messages of one room, newest at the bottom; it follows new messages while the reader
// is at the end and stays put while they scroll back.
ListView {
    id: root

    property string emptyText: qsTr("No messages yet")
    property bool following: true

    //! Retry pressed on a failed message (Main.qml asks the message model to resend it).
    signal retryRequested(string clientMsgId)

    clip: true
    spacing: 0
    boundsBehavior: Flickable.StopAtBounds
    // A short history sits at the bottom, next to the composer, as in any chat.
    topMargin: Math.max(8, height - contentHeight - bottomMargin)
    bottomMargin: 8

    delegate: MessageDelegate {
        width: ListView.view.width
        onRetryRequested: clientMsgId => root.retryRequested(clientMsgId)
    }

    onMovementEnded: following = atYEnd
    onCountChanged: if (following)
        toEnd.restart()
    onHeightChanged: if (following)
        toEnd.restart()
    onContentHeightChanged: if (following && !moving)
        toEnd.restart()
    onModelChanged: {
        following = true;
        toEnd.restart();
    }

    ScrollBar.vertical: ScrollBar {}

    // Once the delegates have their heights, not in the middle of a model change.
    Timer {
        id: toEnd
        interval: 0
        onTriggered: root.positionViewAtEnd()
    }

    Label {
        anchors.centerIn: parent
        visible: root.count === 0
        text: root.emptyText
        color: Theme.subtleText
    }

    RoundButton {
        objectName: "jumpToLatest"
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: 12
        visible: !root.following && root.count > 0
        text: "↓"
        Accessible.name: qsTr("Jump to the latest message")
        onClicked: {
            root.following = true;
            root.positionViewAtEnd();
        }
    }
}
