import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One in-app notification: title, text and room, coloured by level; it goes away by
// itself after a few seconds, and clicking it opens the room.
Rectangle {
    id: root

    required property string room
    required property string title
    required property string text
    required property string level
    property int timeout: 6000
    readonly property color levelColor: Theme.levelColor(level)

    signal clicked
    signal expired

    // A screen reader announces it and can open its room, as a click does.
    Accessible.role: Accessible.Button
    Accessible.name: qsTr("%1, in #%2").arg(root.title).arg(root.room)
    Accessible.description: root.text
    Accessible.onPressAction: root.clicked()

    implicitWidth: 340
    implicitHeight: content.implicitHeight + 20
    radius: Theme.radius
    color: Theme.surface
    border.color: Qt.rgba(levelColor.r, levelColor.g, levelColor.b, 0.6)

    Rectangle {
        width: 4
        height: parent.height
        radius: 2
        color: root.levelColor
    }

    ColumnLayout {
        id: content
        x: 16
        y: 10
        width: parent.width - 28
        spacing: 2
        Label {
            Layout.fillWidth: true
            text: root.title
            font.bold: true
            color: Theme.text
            wrapMode: Text.Wrap
            textFormat: Text.PlainText
        }
        Label {
            Layout.fillWidth: true
            visible: root.text !== ""
            text: root.text
            color: Theme.subtleText
            wrapMode: Text.Wrap
            textFormat: Text.PlainText
        }
        Label {
            text: "#" + root.room
            color: root.levelColor
            font.pointSize: Theme.fontSize * Theme.smallFont
        }
    }

    TapHandler {
        onTapped: root.clicked()
    }

    Timer {
        running: root.timeout > 0
        interval: root.timeout
        onTriggered: root.expired()
    }
}
