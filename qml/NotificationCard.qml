import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A `notification` message: title and text on a card tinted by its level.
Rectangle {
    id: root

    property string title: ""
    property string text: ""
    property string level: "info"
    readonly property color levelColor: Theme.levelColor(level)

    implicitHeight: card.implicitHeight + 16
    radius: Theme.radius
    color: Qt.rgba(levelColor.r, levelColor.g, levelColor.b, Theme.dark ? 0.18 : 0.08)
    border.color: Qt.rgba(levelColor.r, levelColor.g, levelColor.b, 0.35)

    Rectangle {
        width: 4
        height: parent.height
        radius: 2
        color: root.levelColor
    }
    ColumnLayout {
        id: card
        x: 14
        y: 8
        width: parent.width - 24
        spacing: 2
        Label {
            Layout.fillWidth: true
            text: root.title
            font.bold: true
            wrapMode: Text.Wrap
            textFormat: Text.PlainText
            color: Theme.text
        }
        Label {
            Layout.fillWidth: true
            visible: root.text !== ""
            text: root.text
            wrapMode: Text.Wrap
            textFormat: Text.PlainText
            color: Theme.subtleText
        }
        Label {
            text: root.level.toUpperCase()
            color: root.levelColor
            font.pointSize: Theme.fontSize * 0.75
            font.bold: true
            font.letterSpacing: 0.8
        }
    }
}
