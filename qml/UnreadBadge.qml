import QtQuick
import QtQuick.Controls

// A pill with a count; grey for muted rooms.
Rectangle {
    id: root

    property int count: 0
    property bool muted: false

    visible: count > 0
    implicitWidth: Math.max(20, label.implicitWidth + 10)
    implicitHeight: 18
    radius: 9
    color: muted ? Theme.faintText : Theme.accent

    Label {
        id: label
        anchors.centerIn: parent
        text: root.count > 99 ? "99+" : root.count
        color: Theme.accentText
        font.bold: true
        font.pointSize: Theme.fontSize * 0.75
    }
}
